import http from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import { createApp } from "./app";
import { configFromEnv } from "./config";
import { HOME_ACCESS_CHANGED } from "./services/activity-access";

// The household's activity feed: contributions over POST /activity (service tokens), its order and
// cursors, filters, and who sees what, with a real HTTP peer standing in for home's
// GET /internal/access/:userId (home's own endpoint is tested in subgraphs/home/src/activity.test.ts).

const ADMIN = 1;
const MEMBER = 5;
const OTHER = 6;
const GUEST = 9;

/** Home's answer per person: what they may VIEW; every call is recorded with its authorization. */
const homeAccess = new Map<number, { deviceIds: number[]; rooms: string[] }>([
  [MEMBER, { deviceIds: [31], rooms: ["Entrance"] }],
]);
const homeCalls: { path: string; authorization?: string }[] = [];
let home: http.Server;
let email: SubgraphUnderTest;

beforeAll(async () => {
  home = http.createServer((req, res) => {
    homeCalls.push({ path: req.url ?? "", authorization: req.headers.authorization });
    const userId = Number(/^\/internal\/access\/(\d+)/.exec(req.url ?? "")?.[1]);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(homeAccess.get(userId) ?? { deviceIds: [], rooms: [] }));
  });
  await new Promise<void>((resolve) => home.listen(0, "127.0.0.1", resolve));
  email = await startSubgraphForTest(createApp, configFromEnv, {
    SMTP_CATCHER_PORT: "0",
    HOME_URL: `http://127.0.0.1:${(home.address() as AddressInfo).port}`,
    EMAIL_POLL_MS: "500",
  });
});
afterAll(async () => {
  await email?.stop();
  home.closeAllConnections();
  await new Promise((r) => home.close(r));
});

const as = (sub: number, role: "ADMIN" | "MEMBER" | "GUEST") => ({
  authorization: email.tokens.bearer({ sub, role }),
});
const service = (name: string) => ({ authorization: email.tokens.bearer({ sub: `service:${name}`, role: "SERVICE" }) });

async function contribute(entries: unknown, headers = service("home")) {
  const res = await fetch(`${email.service.url}/activity`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(entries),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const FEED = `query ($first: Int, $after: String, $filter: ActivityFilter) {
  activity(first: $first, after: $after, filter: $filter) { items { id kind summary deviceId room actor { id } } endCursor hasMore }
}`;
async function feed(headers: Record<string, string>, variables: Record<string, unknown> = {}) {
  const { body } = await email.query(FEED, variables, headers);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!.activity as { items: Record<string, any>[]; endCursor: string | null; hasMore: boolean };
}
const summaries = (page: { items: Record<string, any>[] }) => page.items.map((i) => i.summary);

beforeAll(async () => {
  const entry = (n: number, extra: Record<string, unknown>) => ({
    kind: "DEVICE_COMMAND",
    summary: `entry ${n}`,
    dedupeKey: `test:${n}`,
    ...extra,
  });
  const { status, body } = await contribute([
    entry(1, { actorUserId: ADMIN, deviceId: 31, room: "Entrance" }),
    entry(2, { actorUserId: ADMIN, deviceId: 32, room: "Kitchen" }),
    entry(3, { kind: "AUTOMATION_FIRED", actorUserId: OTHER, deviceId: 31, room: "Entrance" }),
    entry(4, { kind: "PASSWORD_CHANGED", actorUserId: MEMBER }),
    entry(5, { kind: "INVITATION", actorUserId: ADMIN, subjectUserId: OTHER }),
    entry(6, { actorUserId: OTHER, room: "Entrance" }),
  ]);
  expect([status, body]).toEqual([202, { accepted: 6 }]);
});

describe("POST /activity", () => {
  it("takes service tokens only, checks each entry, and stores a dedupe key once", async () => {
    expect((await contribute([], as(ADMIN, "ADMIN"))).status).toBe(403);
    const bad = await contribute([{ kind: "DANCED", summary: "x", dedupeKey: "k" }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "BAD_USER_INPUT", field: "[0].kind" });
    // A retried batch from an outbox: nothing new.
    const again = await contribute({ kind: "DEVICE_COMMAND", summary: "entry 1", dedupeKey: "test:1" });
    expect(again.body).toEqual({ accepted: 0 });
  });
});

describe("activity", () => {
  it("is newest first, in pages whose cursors neither repeat nor skip", async () => {
    const first = await feed(as(ADMIN, "ADMIN"), { first: 4 });
    expect(summaries(first)).toEqual(["entry 6", "entry 5", "entry 4", "entry 3"]);
    expect(first.hasMore).toBe(true);
    expect(first.items[1]!.actor).toEqual({ id: String(ADMIN) });
    const rest = await feed(as(ADMIN, "ADMIN"), { first: 4, after: first.endCursor });
    expect(summaries(rest)).toEqual(["entry 2", "entry 1"]);
    expect(rest.hasMore).toBe(false);
    const { body } = await email.query(FEED, { after: "bm9wZQ" }, as(ADMIN, "ADMIN"));
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("filters by person (actor or subject), room and kinds", async () => {
    const admin = as(ADMIN, "ADMIN");
    expect(summaries(await feed(admin, { filter: { personId: OTHER } }))).toEqual(["entry 6", "entry 5", "entry 3"]);
    expect(summaries(await feed(admin, { filter: { room: "Kitchen" } }))).toEqual(["entry 2"]);
    expect(
      summaries(await feed(admin, { filter: { kinds: ["INVITATION", "PASSWORD_CHANGED"], personId: MEMBER } })),
    ).toEqual(["entry 4"]);
  });

  it("shows a member their own entries and those of devices and rooms home lets them VIEW; a guest is refused", async () => {
    expect(summaries(await feed(as(MEMBER, "MEMBER")))).toEqual(["entry 6", "entry 4", "entry 3", "entry 1"]);
    expect(homeCalls.at(-1)).toMatchObject({ path: `/internal/access/${MEMBER}?role=MEMBER` });
    expect(homeCalls.at(-1)!.authorization).toMatch(/^Bearer /);
    expect(summaries(await feed(as(OTHER, "MEMBER")))).toEqual(["entry 6", "entry 5", "entry 3"]);
    const guest = await email.query(FEED, {}, as(GUEST, "GUEST"));
    expect(guest.body.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("follows a grant change as soon as home announces it", async () => {
    const calls = homeCalls.length;
    await feed(as(MEMBER, "MEMBER"));
    expect(homeCalls.length).toBe(calls); // kept briefly
    homeAccess.set(MEMBER, { deviceIds: [31, 32], rooms: ["Entrance", "Kitchen"] });
    email.service.pubSub.publish(HOME_ACCESS_CHANGED, { userId: MEMBER, publishedAt: Date.now() });
    await within(2000, async () => summaries(await feed(as(MEMBER, "MEMBER"))).includes("entry 2"));
    homeAccess.set(MEMBER, { deviceIds: [31], rooms: ["Entrance"] });
    email.service.pubSub.publish(HOME_ACCESS_CHANGED, { userId: null, publishedAt: Date.now() });
    await within(2000, async () => !summaries(await feed(as(MEMBER, "MEMBER"))).includes("entry 2"));
  });
});

describe("activityAdded", () => {
  it("brings a member the new entries they may read, matching their filter", async () => {
    const client = createClient({
      url: `${email.service.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: as(MEMBER, "MEMBER"),
      retryAttempts: 0,
    });
    const got: Record<string, any>[] = [];
    const stop = client.subscribe(
      {
        query: `subscription { activityAdded(filter: { kinds: [DEVICE_COMMAND] }) { id kind summary deviceId actor { id } } }`,
      },
      { next: (v) => got.push((v.data as any).activityAdded), error: () => undefined, complete: () => undefined },
    );
    try {
      let n = 100;
      // The subscription is open once an entry for it arrives; contribute until one does.
      await within(10_000, async () => {
        n++;
        await contribute([
          { kind: "DEVICE_COMMAND", summary: `hidden ${n}`, deviceId: 32, actorUserId: ADMIN, dedupeKey: `h:${n}` },
          { kind: "AUTOMATION_FIRED", summary: `other kind ${n}`, deviceId: 31, dedupeKey: `o:${n}` },
          { kind: "DEVICE_COMMAND", summary: `seen ${n}`, deviceId: 31, actorUserId: ADMIN, dedupeKey: `s:${n}` },
        ]);
        await new Promise((r) => setTimeout(r, 150));
        return got.length > 0;
      });
      expect(got.every((e) => e.summary.startsWith("seen "))).toBe(true);
      expect(got[0]).toMatchObject({ kind: "DEVICE_COMMAND", deviceId: "31", actor: { id: String(ADMIN) } });
    } finally {
      stop();
      await client.dispose();
    }
  });
});

describe("mail sent", () => {
  it("a person's mail adds a MAIL_SENT entry about them", async () => {
    const res = await fetch(`${email.service.url}/send`, {
      method: "POST",
      headers: { "content-type": "application/json", ...service("auth") },
      body: JSON.stringify({ to: "member@example.com", userId: MEMBER, subject: "Hello there", body: "Hi" }),
    });
    expect(res.status).toBe(202);
    await within(10_000, async () => {
      const page = await feed(as(MEMBER, "MEMBER"), { filter: { kinds: ["MAIL_SENT"] } });
      return summaries(page).includes("Mail sent: Hello there");
    });
    expect(summaries(await feed(as(OTHER, "MEMBER"), { filter: { kinds: ["MAIL_SENT"] } }))).toEqual([]);
  });
});
