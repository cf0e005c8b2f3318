import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteIdentityVerifier, createLogger, type IdentityVerifier } from "@homegraph/common";
import { buildSchema, graphql } from "graphql";

/**
 * A stand-in for the home subgraph's side of guest passes (the contract of issue 13: home owns
 * grants and lock codes and is built elsewhere): a real HTTP GraphQL server with the two
 * mutations, which accepts only a verified service token (checked against auth's keys, as home
 * would) and records every call. `down` makes it answer 503, as a home that is failing.
 */
export interface HomeAccessRecorder {
  url: string;
  calls: RecordedCall[];
  /** Answers 503 while true. */
  down: boolean;
  /** Where to verify service tokens (auth starts after this, as it needs this URL). */
  verifyWith(authUrl: string): void;
  close(): Promise<void>;
}

export interface RecordedCall {
  field: "applyGuestPassAccess" | "revokeGuestPassAccess";
  service: string;
  args: Record<string, any>;
}

const SDL = `
  scalar DateTime
  enum AccessLevel { NONE VIEW CONTROL }
  input GuestRoomGrant { room: String!, level: AccessLevel! }
  input GuestDeviceGrant { deviceId: ID!, level: AccessLevel! }
  input GuestLockCode { deviceId: ID!, code: String!, name: String! }
  input ApplyGuestPassAccessInput {
    passId: ID!, guestUserId: ID!, validFrom: DateTime!, validUntil: DateTime!,
    rooms: [GuestRoomGrant!]!, devices: [GuestDeviceGrant!]!, lockCode: GuestLockCode
  }
  type Query { ok: Boolean }
  type Mutation {
    applyGuestPassAccess(input: ApplyGuestPassAccessInput!): Boolean!
    revokeGuestPassAccess(passId: ID!): Boolean!
  }`;

export async function startHomeAccessRecorder(): Promise<HomeAccessRecorder> {
  const schema = buildSchema(SDL);
  let verifier: IdentityVerifier | undefined;
  const recorder: HomeAccessRecorder = {
    url: "",
    calls: [],
    down: false,
    verifyWith(authUrl) {
      verifier = createRemoteIdentityVerifier({
        authUrl,
        issuer: "homegraph",
        audience: "homegraph",
        logger: createLogger("home-recorder", "silent"),
      });
      void verifier.start?.();
    },
    close: async () => {
      await verifier?.stop?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", async () => {
      const reply = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (recorder.down) return reply(503, { errors: [{ message: "home is down" }] });
      const identity = await verifier?.verify(req.headers.authorization).catch(() => undefined);
      if (identity?.role !== "SERVICE") {
        return reply(401, { errors: [{ message: "service token required", extensions: { code: "UNAUTHENTICATED" } }] });
      }
      const { query, variables } = JSON.parse(text) as { query: string; variables?: Record<string, unknown> };
      const record = (field: RecordedCall["field"]) => (args: Record<string, any>) => {
        recorder.calls.push({ field, service: identity.service!, args: JSON.parse(JSON.stringify(args)) });
        return true;
      };
      const result = await graphql({
        schema,
        source: query,
        variableValues: variables,
        rootValue: {
          applyGuestPassAccess: record("applyGuestPassAccess"),
          revokeGuestPassAccess: record("revokeGuestPassAccess"),
        },
      });
      reply(result.errors && !result.data ? 400 : 200, result);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return recorder;
}
