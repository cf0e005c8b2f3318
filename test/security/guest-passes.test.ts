/**
 * Guest passes attacked end to end through the gateway: a guest after the pass's end (HTTP, the
 * refresh cookie, the link again, an open WebSocket), a guest's token on admin mutations of every
 * subgraph, and guessing pass links. Home's side of passes is built elsewhere: a recording
 * stand-in of it answers auth here (test/support/home-access-recorder.ts).
 */
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { attackLog, codeOf } from "../support/attacks";
import { startHomeAccessRecorder, type HomeAccessRecorder } from "../support/home-access-recorder";
import { startStack, type Stack } from "../support/stack";
import { within } from "../support/tokens";

const log = attackLog("guest-passes");
const PASSWORD = "correct horse battery";
let stack: Stack;
let home: HomeAccessRecorder;
let admin: string;

beforeAll(async () => {
  home = await startHomeAccessRecorder();
  stack = await startStack({ authEnv: { HOME_URL: home.url } });
  home.verifyWith(stack.auth.url);
  await stack.addUser({ email: "ava@example.com", password: PASSWORD, role: "ADMIN" });
  admin = (await stack.signIn("ava@example.com", PASSWORD)).authorization;
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
  await home?.close();
});

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
async function createPass(seconds: number): Promise<{ id: string; token: string; validUntil: string }> {
  const res = await stack.query(
    `mutation ($input: CreateGuestPassInput!) { createGuestPass(input: $input) { link pass { id validUntil } } }`,
    {
      input: {
        guestName: "Grace",
        validFrom: inSeconds(-5),
        validUntil: inSeconds(seconds),
        rooms: [{ room: "Living room", level: "CONTROL" }],
      },
    },
    { authorization: admin },
  );
  const created = res.body.data!.createGuestPass;
  return { id: created.pass.id, validUntil: created.pass.validUntil, token: created.link.split("/pass/")[1] };
}
async function redeem(token: string) {
  const res = await fetch(`${stack.gateway.url}/auth/pass/redeem`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  const body = (await res.json()) as { accessToken?: string; refreshToken?: string; error?: { code: string } };
  return { status: res.status, body, cookie: res.headers.get("set-cookie") ?? "" };
}

describe("a guest after the pass's end", () => {
  it("is refused everywhere within a second: HTTP, refresh, the link again, an open WebSocket", async () => {
    const pass = await createPass(4);
    const signedIn = await redeem(pass.token);
    expect(signedIn.status).toBe(200);
    const authorization = `Bearer ${signedIn.body.accessToken}`;
    const closes: number[] = [];
    let connected = false;
    const client = createClient({
      url: `${stack.gateway.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
      on: { connected: () => (connected = true), closed: (e) => closes.push((e as { code: number }).code) },
    });
    client.subscribe(
      { query: `subscription { deviceUpdated { id } }` },
      { next: () => {}, error: () => {}, complete: () => {} },
    );
    try {
      await within(5000, () => connected);
      const end = Date.parse(pass.validUntil);
      await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
      const took = await within(
        3000,
        async () => (await stack.query(`{ me { id } }`, {}, { authorization })).status === 401,
      ).catch(() => Infinity);
      log.refused(
        "guest's access token after the pass's end",
        "gateway /graphql",
        "401 within 1 s",
        took <= 1000 ? "401 within 1 s" : `after ${took} ms`,
      );
      const closed = await within(3000, () => closes.length > 0).catch(() => Infinity);
      log.refused(
        "guest's open subscription after the pass's end",
        "gateway WebSocket",
        "closed 4401 within 1 s of the end",
        closes[0] === 4401 && Date.now() - end <= 1000 + closed
          ? `closed ${closes[0]} within 1 s of the end`
          : `closes ${closes.join(",")}`,
      );
      const refreshed = await fetch(`${stack.gateway.url}/auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refreshToken: signedIn.body.refreshToken }),
      });
      const refreshBody = (await refreshed.json()) as { error?: { code: string } };
      log.refused(
        "guest's refresh token after the pass's end",
        "gateway /auth/refresh",
        "PASS_ENDED 410",
        `${refreshBody.error?.code} ${refreshed.status}`,
      );
      const again = await redeem(pass.token);
      log.refused(
        "the pass's link after its end",
        "gateway /auth/pass/redeem",
        "PASS_ENDED 410",
        `${again.body.error?.code} ${again.status}`,
      );
    } finally {
      await client.dispose();
    }
  });
});

describe("a guest's token on admin mutations", () => {
  it("is FORBIDDEN in auth, and wherever only admins may act", async () => {
    const pass = await createPass(600);
    const { body } = await redeem(pass.token);
    const guest = { authorization: `Bearer ${body.accessToken}` };
    const attacks: [string, string][] = [
      [
        "createGuestPass",
        `mutation { createGuestPass(input: { guestName: "x", validFrom: "${inSeconds(0)}", validUntil: "${inSeconds(60)}", rooms: [{ room: "a", level: CONTROL }] }) { link } }`,
      ],
      ["endGuestPass", `mutation { endGuestPass(id: "${pass.id}") { id } }`],
      ["setUserRole", `mutation { setUserRole(id: "1", role: ADMIN) { role } }`],
      ["createApiToken", `mutation { createApiToken(name: "stay") { token } }`],
      ["inviteUser", `mutation { inviteUser(email: "friend@example.com") { id } }`],
      ["requestEmailChange", `mutation { requestEmailChange(newEmail: "grace@example.com") }`],
      ["auditLog", `{ auditLog { total } }`],
      ["reconcileHub (home)", `mutation { reconcileHub { corrections } }`],
    ];
    for (const [operation, query] of attacks) {
      const res = await stack.query(query, {}, guest);
      log.refused(
        "guest pass session on an admin or account operation",
        `gateway ${operation}`,
        "FORBIDDEN",
        codeOf(res.body),
      );
    }
  });
});

describe("guessing pass links", () => {
  it("is refused alike, rate limited per address, and audited", async () => {
    await stack.sql(`delete from auth.rate_limit_buckets`);
    const before = Number(
      (await stack.sql(`select count(*) as n from auth.audit_log where event_type = 'GUEST_PASS_REFUSED'`))[0]!.n,
    );
    const seen: string[] = [];
    for (let i = 0; i < 22; i++) {
      const { status, body } = await redeem(Buffer.from(`guess-${i}`).toString("base64url").padEnd(43, "A"));
      seen.push(`${body.error?.code} ${status}`);
    }
    const summary = [...new Set(seen)].map((s) => `${s} x${seen.filter((x) => x === s).length}`).join(", ");
    log.refused(
      "22 guessed pass links from one address",
      "gateway /auth/pass/redeem",
      "UNAUTHENTICATED 401 x20, RATE_LIMITED 429 x2",
      summary,
    );
    const after = Number(
      (await stack.sql(`select count(*) as n from auth.audit_log where event_type = 'GUEST_PASS_REFUSED'`))[0]!.n,
    );
    log.refused(
      "guessed pass links",
      "auth audit log",
      "20 GUEST_PASS_REFUSED",
      `${after - before} GUEST_PASS_REFUSED`,
    );
  });
});
