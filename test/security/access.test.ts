/**
 * One member of the household against another, against the roles, against the rate limits and
 * against the hub's event URL, end to end through the gateway (and home directly for the hub).
 */
import { randomUUID } from "node:crypto";
import { attackLog, codeOf } from "../support/attacks";
import { deviceIdOf, physicalChange } from "../support/home";
import { within } from "../support/tokens";
import { startStack, type SignedIn, type Stack } from "../support/stack";

const log = attackLog("access");
let stack: Stack;
let admin: SignedIn;
let mia: SignedIn;
let noah: SignedIn;
let noahId: number;

beforeAll(async () => {
  stack = await startStack({ hub: true });
  await stack.addUser({ email: "ava@example.com", password: "correct horse battery", role: "ADMIN" });
  await stack.addUser({ email: "mia@example.com", password: "correct horse battery" });
  noahId = await stack.addUser({ email: "noah@example.com", password: "correct horse battery" });
  [admin, mia, noah] = await Promise.all([
    stack.signIn("ava@example.com", "correct horse battery"),
    stack.signIn("mia@example.com", "correct horse battery"),
    stack.signIn("noah@example.com", "correct horse battery"),
  ]);
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
});

const asMia = (query: string, variables?: Record<string, unknown>) =>
  stack.query(query, variables, { authorization: mia.authorization });

describe("a member reaching for another member's data", () => {
  it("preferences, mail log and sign-in history: FORBIDDEN", async () => {
    const id = String(noahId);
    const prefs = await asMia(`query ($id: ID!) { user(id: $id) { emailPreferences { digest } } }`, { id });
    log.refused("member reads another's email preferences", "User.emailPreferences", "FORBIDDEN", codeOf(prefs.body));
    const logs = await asMia(`query ($id: ID!) { user(id: $id) { emailLogs { total } } }`, { id });
    log.refused("member reads another's mail log", "User.emailLogs", "FORBIDDEN", codeOf(logs.body));
    const filtered = await asMia(`query ($u: Int) { emailLogs(filter: { userId: $u }) { total } }`, { u: noahId });
    log.refused("member reads another's mail log", "emailLogs(filter.userId)", "FORBIDDEN", codeOf(filtered.body));
    const audit = await asMia(`query ($u: ID) { auditLog(filter: { userId: $u }) { total } }`, { u: id });
    log.refused("member reads another's sign-ins and sessions", "auditLog", "FORBIDDEN", codeOf(audit.body));
  });

  it("another member's session can be neither seen nor ended", async () => {
    const [row] = await stack.sql(
      `select family_id from auth.user_sessions where user_id = $1 and revoked_at is null limit 1`,
      [noahId],
    );
    const mine = await asMia(`{ mySessions { id } }`);
    const ids = (mine.body.data?.mySessions as { id: string }[]).map((s) => s.id);
    log.refused(
      "member lists sessions",
      "mySessions",
      "own sessions only",
      ids.includes(String(row!.family_id)) ? "LEAKED" : "own sessions only",
    );
    const revoke = await asMia(`mutation ($id: ID!) { revokeSession(id: $id) }`, { id: row!.family_id });
    // NOT_FOUND rather than FORBIDDEN: whether that session exists is none of the caller's business.
    log.refused("member ends another's session", "revokeSession", "NOT_FOUND", codeOf(revoke.body));
    const still = await stack.query(`{ me { id } }`, undefined, { authorization: noah.authorization });
    expect(still.body.errors).toBeUndefined();
  });

  it("mass assignment: role through updateProfile is refused and nothing changes", async () => {
    const inline = await asMia(`mutation { updateProfile(input: { displayName: "Mia", role: ADMIN }) { role } }`);
    log.refused("role in updateProfile (inline)", "updateProfile", "BAD_USER_INPUT", codeOf(inline.body));
    const viaVariables = await asMia(
      `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { role } }`,
      {
        input: { displayName: "Mia", role: "ADMIN" },
      },
    );
    log.refused("role in updateProfile (variables)", "updateProfile", "BAD_USER_INPUT", codeOf(viaVariables.body));
    const [row] = await stack.sql(`select role from auth.users where email = 'mia@example.com'`);
    log.refused("mass assignment outcome", "auth.users.role", "MEMBER", String(row!.role));
    const setRole = await asMia(`mutation ($id: ID!) { setUserRole(id: $id, role: ADMIN) { role } }`, {
      id: mia.user.id,
    });
    log.refused("member promotes self", "setUserRole", "FORBIDDEN", codeOf(setRole.body));
  });
});

describe("brute force", () => {
  // Lower limits (an admin's settings), so each limit is reached in a few attempts.
  beforeAll(async () => {
    for (const [key, value] of [
      ["rateLimit.login.maxFailuresPerIp", "8"],
      ["rateLimit.passwordReset.maxPerIp", "4"],
      ["rateLimit.refresh.maxPerIp", "5"],
      ["rateLimit.refresh.maxPerAccount", "3"],
    ]) {
      const { body } = await stack.query(
        `mutation ($k: String!, $v: String!) { setSystemSetting(key: $k, value: $v) { key } }`,
        { k: key, v: value },
        { authorization: admin.authorization },
      );
      expect(body.errors).toBeUndefined();
    }
  });
  const rest = async (path: string, body: unknown, ip: string) => {
    const res = await fetch(`${stack.gateway.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { error?: { code: string } };
    return { status: res.status, code: json.error?.code ?? "OK", retryAfter: res.headers.get("retry-after") };
  };
  /** Attempts until the first 429, at most `max`; the refusal and how many attempts it took. */
  async function until429(
    max: number,
    attempt: (i: number) => Promise<{ status: number; code: string; retryAfter?: string | null }>,
  ) {
    for (let i = 0; i < max; i++) {
      const r = await attempt(i);
      if (r.status === 429) return { ...r, after: i };
    }
    return { status: 0, code: "never limited", retryAfter: null, after: max };
  }
  const seen = (r: { status: number; code: string; retryAfter?: string | null }) =>
    `${r.code} ${r.status}${r.retryAfter ? " + Retry-After" : ""}`;

  it("sign-in: per account (from many addresses) and per address (over many accounts)", async () => {
    await stack.addUser({ email: "target@example.com", password: "correct horse battery" });
    const perAccount = await until429(12, (i) =>
      rest("/auth/login", { email: "target@example.com", password: `guess-${i}` }, `198.51.100.${i + 1}`),
    );
    log.refused(
      "password guessing, one account, many IPs",
      "gateway /auth/login",
      "RATE_LIMITED 429 + Retry-After",
      seen(perAccount),
    );
    const perIp = await until429(12, (i) =>
      rest("/auth/login", { email: `nobody-${i}@example.com`, password: "guess" }, "203.0.113.7"),
    );
    log.refused(
      "password spraying, one IP, many accounts",
      "gateway /auth/login",
      "RATE_LIMITED 429 + Retry-After",
      seen(perIp),
    );
  });

  it("password reset: per account and per address", async () => {
    const reset = (email: string, ip: string) =>
      stack
        .query(`mutation ($e: String!) { requestPasswordReset(email: $e) }`, { e: email }, { "x-forwarded-for": ip })
        .then(({ status, body }) => ({ status: codeOf(body) === "RATE_LIMITED" ? 429 : status, code: codeOf(body) }));
    const perAccount = await until429(6, (i) => reset("target@example.com", `198.51.100.${50 + i}`));
    log.refused("reset flooding, one account, many IPs", "requestPasswordReset", "RATE_LIMITED", perAccount.code);
    const perIp = await until429(8, (i) => reset(`someone-${i}@example.com`, "203.0.113.8"));
    log.refused("reset flooding, one IP, many accounts", "requestPasswordReset", "RATE_LIMITED", perIp.code);
  });

  it("refresh: per address and per account", async () => {
    const perIp = await until429(10, () =>
      rest("/auth/refresh", { refreshToken: randomUUID() + randomUUID() }, "203.0.113.9"),
    );
    log.refused(
      "refresh token guessing, one IP",
      "gateway /auth/refresh",
      "RATE_LIMITED 429 + Retry-After",
      seen(perIp),
    );

    await stack.addUser({ email: "rota@example.com", password: "correct horse battery" });
    let token = (await stack.signIn("rota@example.com", "correct horse battery")).refreshToken;
    const perAccount = await until429(8, async (i) => {
      const res = await fetch(`${stack.gateway.url}/auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${100 + i}` },
        body: JSON.stringify({ refreshToken: token }),
      });
      const json = (await res.json()) as { refreshToken?: string; error?: { code: string } };
      if (json.refreshToken) token = json.refreshToken;
      return { status: res.status, code: json.error?.code ?? "OK", retryAfter: res.headers.get("retry-after") };
    });
    log.refused(
      "refresh hammering, one account, many IPs",
      "gateway /auth/refresh",
      "RATE_LIMITED 429 + Retry-After",
      seen(perAccount),
    );
  });
});

describe("the hub's event URL", () => {
  it("a forged event POST is refused and changes nothing", async () => {
    const hubId = "31"; // the front door's contact sensor
    const deviceId = await deviceIdOf(stack, hubId);
    const read = async () =>
      (await stack.sql(`select count(*)::int as n from home.device_events where device_id = $1`, [deviceId]))[0]!
        .n as number;
    const before = await read();
    const event = {
      content: { name: "contact", value: "open", deviceId: hubId, descriptionText: "forged", unit: null, data: null },
    };
    for (const [label, secret] of [
      ["a guessed secret", "0123456789abcdef0123"],
      ["an empty-ish secret", "-"],
    ]) {
      const res = await fetch(`${stack.home.url}/hubitat/events/${secret}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(event),
      });
      const body = (await res.json()) as { error: { code: string } };
      log.refused(
        `forged hub event POST (${label})`,
        "home /hubitat/events/:secret",
        "FORBIDDEN 403",
        `${body.error.code} ${res.status}`,
      );
    }
    // The control: a real change on the hub does arrive, so the count would have moved.
    expect(await read()).toBe(before);
    await physicalChange(stack, hubId, "contact", "open");
    await physicalChange(stack, hubId, "contact", "closed");
    await within(5000, async () => (await read()) > before);
  });
});
