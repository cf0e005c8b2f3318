/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { gql } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { MantineProvider } from "@mantine/core";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { authApi } from "../session/auth-api";
import { SessionProvider } from "../session/SessionContext";
import { SessionStore } from "../session/store";
import { theme } from "../theme";
import { createHomegraphClient } from "./client";
import { StepUpGate } from "./step-up";
import { StepUpPrompt } from "./StepUpPrompt";

const UNLOCK = gql`
  mutation UnlockFrontDoor {
    sendDeviceCommand(deviceId: "7", command: "unlock") {
      id
    }
  }
`;
const user = { id: "1", email: "a@example.com", displayName: "A", role: "ADMIN" as const };
const later = () => new Date(Date.now() + 900_000).toISOString();
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const refused = (message: string, code: string, status = 200) =>
  json({ data: null, errors: [{ message, extensions: { code } }] }, status);

interface Request {
  operationName: string;
  variables: Record<string, unknown>;
  authorization?: string;
}

/**
 * A gateway double: the unlock needs a factor proven after sign-in (the "fresh" token); the
 * password is "right", the app's code "123456", the recovery code "abcd-efgh".
 */
function gateway(totpEnabled: boolean, stepUpStatus = 200) {
  const seen: Request[] = [];
  const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; variables?: Record<string, unknown> };
    const authorization = new Headers(init?.headers).get("authorization") ?? undefined;
    seen.push({ operationName: body.operationName, variables: body.variables ?? {}, authorization });
    const v = body.variables ?? {};
    switch (body.operationName) {
      case "UnlockFrontDoor":
        return authorization === "Bearer fresh"
          ? json({ data: { sendDeviceCommand: { __typename: "Device", id: "7" } } })
          : refused("Confirm your second factor first.", "STEP_UP_REQUIRED", stepUpStatus);
      case "MySecondFactor":
        return json({ data: { mySecondFactor: { __typename: "SecondFactorStatus", totpEnabled } } });
      case "StepUp": {
        const ok = totpEnabled ? v.code === "123456" || v.recoveryCode === "abcd-efgh" : v.password === "right";
        if (!ok)
          return refused(totpEnabled ? "That code is not right." : "That password is not right.", "BAD_USER_INPUT");
        return json({
          data: {
            stepUp: {
              __typename: "StepUpPayload",
              accessToken: "fresh",
              expiresAt: later(),
              stepUpAt: new Date().toISOString(),
            },
          },
        });
      }
    }
    throw new Error(`unexpected ${body.operationName}`);
  }) as typeof globalThis.fetch;
  return { fetch, seen, of: (name: string) => seen.filter((r) => r.operationName === name) };
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function app(totpEnabled = false, stepUpStatus = 200) {
  const api: Partial<typeof authApi> = {
    login: async () => ({ accessToken: "", expiresAt: later(), user }),
    refresh: async () => ({ accessToken: "old", expiresAt: later(), user }),
    logout: async () => undefined,
  };
  const session = new SessionStore({ api });
  session.accept({ accessToken: "old", expiresAt: later(), user });
  const server = gateway(totpEnabled, stepUpStatus);
  const gate = new StepUpGate();
  const { client, socket } = createHomegraphClient({
    session,
    httpUrl: "http://gateway.test/graphql",
    wsUrl: "ws://gateway.test/graphql",
    fetch: server.fetch,
    stepUp: gate,
  });
  render(
    <MantineProvider theme={theme}>
      <SessionProvider store={session}>
        <ApolloProvider client={client}>
          <StepUpPrompt gate={gate} />
        </ApolloProvider>
      </SessionProvider>
    </MantineProvider>,
  );
  cleanup = () => {
    void socket.dispose();
    session.clear();
  };
  return { client, session, server };
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label, { exact: false, selector: "input" }), { target: { value } });
}

describe("confirming it's you when a change needs a fresh factor", () => {
  it("asks for the password, steps up, and retries the change once with the new token", async () => {
    const { client, session, server } = app();
    const unlocked = client.mutate({ mutation: UNLOCK });
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });

    type("Password", "wrong");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    expect((await within(dialog).findByTestId("step-up-problem")).textContent).toBe("That password is not right.");
    expect(screen.getByRole("dialog", { name: "Confirm it's you" })).toBeTruthy();
    expect(server.of("UnlockFrontDoor")).toHaveLength(1);

    type("Password", "right");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const result = await unlocked;
    expect(result.data).toEqual({ sendDeviceCommand: { __typename: "Device", id: "7" } });
    expect(server.of("StepUp").map((r) => r.variables)).toEqual([{ password: "wrong" }, { password: "right" }]);
    expect(server.of("UnlockFrontDoor").map((r) => r.authorization)).toEqual(["Bearer old", "Bearer fresh"]);
    expect(session.accessToken).toBe("fresh");
  });

  it("fails the change with the server's answer when the person cancels", async () => {
    const { client, server } = app();
    const refused = expect(client.mutate({ mutation: UNLOCK })).rejects.toThrow("Confirm your second factor first.");
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await refused;
    expect(server.of("UnlockFrontDoor")).toHaveLength(1);
    expect(server.of("StepUp")).toHaveLength(0);
  });

  it("asks a person with an authenticator app for its code, or a recovery code instead", async () => {
    const { client, server } = app(true);
    const unlocked = client.mutate({ mutation: UNLOCK });
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Authenticator code", { exact: false, selector: "input" });
    expect(within(dialog).queryByLabelText("Password", { exact: false, selector: "input" })).toBeNull();

    type("Authenticator code", "000000");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    expect((await within(dialog).findByTestId("step-up-problem")).textContent).toBe("That code is not right.");

    fireEvent.click(within(dialog).getByRole("button", { name: "Use a recovery code instead" }));
    type("Recovery code", "abcd-efgh");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await expect(unlocked).resolves.toMatchObject({ data: { sendDeviceCommand: { id: "7" } } });
    expect(server.of("StepUp").map((r) => r.variables)).toEqual([{ code: "000000" }, { recoveryCode: "abcd-efgh" }]);
  });

  it("shares one prompt between changes refused together and retries each once", async () => {
    const { client, server } = app();
    const both = Promise.all([client.mutate({ mutation: UNLOCK }), client.mutate({ mutation: UNLOCK })]);
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });
    expect(screen.getAllByRole("dialog")).toHaveLength(1);
    type("Password", "right");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await both;
    expect(server.of("StepUp")).toHaveLength(1);
    expect(server.of("UnlockFrontDoor").map((r) => r.authorization)).toEqual([
      "Bearer old",
      "Bearer old",
      "Bearer fresh",
      "Bearer fresh",
    ]);
  });

  it("recognises the refusal when it comes as HTTP 403", async () => {
    const { client, server } = app(false, 403);
    const unlocked = client.mutate({ mutation: UNLOCK });
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });
    type("Password", "right");
    await waitFor(() =>
      expect(within(dialog).getByRole("button", { name: "Confirm" })).toHaveProperty("disabled", false),
    );
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await expect(unlocked).resolves.toMatchObject({ data: { sendDeviceCommand: { id: "7" } } });
    expect(server.of("UnlockFrontDoor").map((r) => r.authorization)).toEqual(["Bearer old", "Bearer fresh"]);
  });
});
