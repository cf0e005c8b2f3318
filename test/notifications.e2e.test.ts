/**
 * notificationReceived through the gateway, against the real stack: two people signed in at the
 * real auth service subscribe over graphql-ws on the gateway's /graphql; a notification posted to
 * the email service with a service token from auth reaches the one it is for, and only them.
 */
import { randomBytes } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { waitFor } from "../subgraphs/email/src/__tests__/smtp-sink";
import { startStack, type Stack } from "./support/stack";

const secret = randomBytes(32).toString("hex");
let stack: Stack;
let ann: { authorization: string; id: number };
let ben: { authorization: string; id: number };

beforeAll(async () => {
  const shared = { SERVICE_SECRET: secret };
  stack = await startStack({ authEnv: shared, homeEnv: shared, emailEnv: { ...shared, EMAIL_POLL_MS: "500" } });
  const annId = await stack.addUser({ email: "ann@example.com", password: "password", role: "ADMIN" });
  const benId = await stack.addUser({ email: "ben@example.com", password: "password", role: "MEMBER" });
  ann = { authorization: (await stack.signIn("ann@example.com", "password")).authorization, id: annId };
  ben = { authorization: (await stack.signIn("ben@example.com", "password")).authorization, id: benId };
});
afterAll(async () => {
  await stack?.stop();
});

function listen(authorization: string) {
  const events: any[] = [];
  const client = createClient({
    url: `${stack.gateway.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization },
    retryAttempts: 0,
  });
  const dispose = client.subscribe(
    { query: `subscription { notificationReceived { id kind severity title body url createdAt readAt } }` },
    { next: (v) => void events.push(v), error: (e) => void events.push({ error: e }), complete: () => undefined },
  );
  return { events, close: async () => (dispose(), await client.dispose()) };
}

async function notify(body: Record<string, unknown>) {
  const tokenRes = await fetch(`${stack.auth.url}/internal/service-token`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Service ${secret}` },
    body: JSON.stringify({ service: "home" }),
  });
  const { token } = (await tokenRes.json()) as { token: string };
  const res = await fetch(`${stack.email.url}/notifications`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

it("carries notificationReceived from the email service to its person through the gateway, and to nobody else", async () => {
  const annLive = listen(ann.authorization);
  const benLive = listen(ben.authorization);
  try {
    // The client is not told when its subscription reaches the service: repeat (new keys) until one lands.
    let i = 0;
    await waitFor("the subscription to be live", async () => {
      const res = await notify({
        audience: { userIds: [ben.id] },
        kind: "DEVICE_HEALTH",
        severity: "WARNING",
        title: `Battery low ${i}`,
        body: "Front door lock: 9%",
        url: "/devices/71",
        dedupeKey: `battery-${i++}`,
      });
      expect(res).toMatchObject({ status: 202, body: { accepted: 1, created: 1 } });
      await new Promise((r) => setTimeout(r, 200));
      return benLive.events.length > 0;
    });
    const event = benLive.events.at(-1);
    expect(event.data.notificationReceived).toMatchObject({
      kind: "DEVICE_HEALTH",
      severity: "WARNING",
      body: "Front door lock: 9%",
      url: "/devices/71",
      readAt: null,
    });
    const { body } = await stack.query(
      `{ notifications { total items { id } } unreadNotificationCount }`,
      {},
      { authorization: ben.authorization },
    );
    expect(body.data?.unreadNotificationCount).toBe(i);
    expect(body.data?.notifications.items.map((n: { id: string }) => n.id)).toContain(
      event.data.notificationReceived.id,
    );
    expect(annLive.events).toEqual([]);
    const annInbox = await stack.query(`{ unreadNotificationCount }`, {}, { authorization: ann.authorization });
    expect(annInbox.body.data?.unreadNotificationCount).toBe(0);
  } finally {
    await annLive.close();
    await benLive.close();
  }
});
