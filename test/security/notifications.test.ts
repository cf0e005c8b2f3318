/**
 * Attacks on notifications through the gateway against the real stack: reading or changing another
 * person's inbox and browsers, posting notifications as a person, pointing a push subscription at
 * an internal address, and a member changing the household's retention. Each is refused.
 */
import { randomBytes } from "node:crypto";
import { attackLog, codeOf } from "../support/attacks";
import { startStack, type Stack } from "../support/stack";

const log = attackLog("notifications");
const SERVICE_SECRET = randomBytes(32).toString("hex");
let stack: Stack;
let aliceId: number;
let alice: string;
let mallory: string;

beforeAll(async () => {
  const shared = { SERVICE_SECRET };
  stack = await startStack({ authEnv: shared, emailEnv: shared, homeEnv: shared });
  aliceId = await stack.addUser({ email: "alice@example.com", password: "password", role: "ADMIN" });
  await stack.addUser({ email: "mallory@example.com", password: "password", role: "MEMBER" });
  alice = (await stack.signIn("alice@example.com", "password")).authorization;
  mallory = (await stack.signIn("mallory@example.com", "password")).authorization;
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
});

async function postNotification(authorization: string, body: Record<string, unknown>) {
  const res = await fetch(`${stack.email.url}/notifications`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { code?: string } };
  return `HTTP ${res.status} ${json.error?.code ?? "accepted"}`;
}

async function serviceToken(): Promise<string> {
  const res = await fetch(`${stack.auth.url}/internal/service-token`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Service ${SERVICE_SECRET}` },
    body: JSON.stringify({ service: "home" }),
  });
  return `Bearer ${((await res.json()) as { token: string }).token}`;
}

const notice = (dedupeKey: string) => ({
  audience: { userIds: [aliceId] },
  kind: "SECURITY",
  severity: "CRITICAL",
  title: "Front Door opened",
  body: "While armed away.",
  url: "/alarm",
  dedupeKey,
});

describe("another person's inbox and browsers", () => {
  it("a member can neither read, mark nor remove what is Alice's", async () => {
    expect(await postNotification(await serviceToken(), notice("security-suite-1"))).toBe("HTTP 202 accepted");
    const inbox = await stack.query(`{ notifications { items { id } } }`, {}, { authorization: alice });
    const id = inbox.body.data!.notifications.items[0].id as string;
    const phone = await stack.query(
      `mutation { addPushSubscription(input: { endpoint: "https://push.example.com/alice-phone", p256dh: "${"B".repeat(87)}", auth: "${"a".repeat(22)}" }) { id } }`,
      {},
      { authorization: alice },
    );
    expect(phone.body.errors).toBeUndefined();
    const browser = phone.body.data!.addPushSubscription.id as string;

    const mark = await stack.query(
      `mutation ($id: ID!) { markNotificationRead(id: $id) { id } }`,
      { id },
      {
        authorization: mallory,
      },
    );
    log.refused("another person's notification", "markNotificationRead", "NOT_FOUND", codeOf(mark.body));
    const own = await stack.query(
      `{ notifications { total } unreadNotificationCount }`,
      {},
      { authorization: mallory },
    );
    log.refused(
      "another person's inbox",
      "notifications",
      "total 0, unread 0",
      `total ${own.body.data?.notifications.total}, unread ${own.body.data?.unreadNotificationCount}`,
    );
    const removed = await stack.query(
      `mutation ($id: ID!) { removePushSubscription(id: $id) }`,
      { id: browser },
      {
        authorization: mallory,
      },
    );
    log.refused("another person's browser", "removePushSubscription", "NOT_FOUND", codeOf(removed.body));
    const listed = await stack.query(`{ myPushSubscriptions { id } }`, {}, { authorization: mallory });
    log.refused(
      "another person's browsers",
      "myPushSubscriptions",
      "[]",
      JSON.stringify(listed.body.data?.myPushSubscriptions),
    );
    const still = await stack.query(`{ unreadNotificationCount }`, {}, { authorization: alice });
    expect(still.body.data?.unreadNotificationCount).toBe(1);
  });
});

describe("posting and subscribing where one may not", () => {
  it("a person's token cannot post notifications; nobody signed out can read any", async () => {
    log.refused(
      "a person's token at the service endpoint",
      "POST /notifications",
      "HTTP 403 FORBIDDEN",
      await postNotification(mallory, { ...notice("from-mallory"), title: "Fake alarm" }),
    );
    const anonymous = await stack.query(`{ notifications { total } }`);
    log.refused("no token", "notifications", "UNAUTHENTICATED", codeOf(anonymous.body));
  });

  it("a push subscription cannot point at an internal address", async () => {
    for (const endpoint of ["http://169.254.169.254/latest/meta-data", "http://10.0.0.5/push", "file:///etc/passwd"]) {
      const res = await stack.query(
        `mutation ($e: String!) { addPushSubscription(input: { endpoint: $e, p256dh: "${"B".repeat(87)}", auth: "${"a".repeat(22)}" }) { id } }`,
        { e: endpoint },
        { authorization: mallory },
      );
      log.refused("push endpoint to an internal address (SSRF)", endpoint, "BAD_USER_INPUT", codeOf(res.body));
    }
  });

  it("a member cannot change how long the household keeps notifications", async () => {
    const res = await stack.query(`mutation { setNotificationRetentionDays(days: 1) }`, {}, { authorization: mallory });
    log.refused("a member changing retention", "setNotificationRetentionDays", "FORBIDDEN", codeOf(res.body));
  });
});
