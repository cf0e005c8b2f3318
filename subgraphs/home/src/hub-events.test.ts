import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { scrapeMetrics } from "../../../test/support/metrics";
import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";

// The hub's events through the registered postURL: stored, cast, published in order, refused
// without the secret; and the event history read back.

let sim: RunningSimulator;
let home: SubgraphUnderTest;
const { asMember, link, idOf, attribute, listenDeviceUpdated } = useHomeOnSimulator(
  (running) => ({ sim, home } = running),
);

describe("events from the hub", () => {
  it("a physical change posted by the hub is stored, cast by its dataType", async () => {
    sim.physical("32", "temperature", "17.5");
    await within(3000, async () => (await attribute("32", "temperature")) === 17.5);
    const rows = await home.sql(
      `select value, value_type, unit, source, changed_by_user_id from home.device_events
        where hub_device_id = '32' and name = 'temperature' order by id desc limit 1`,
    );
    expect(rows[0]).toEqual({
      value: "17.5",
      value_type: "NUMBER",
      unit: "°C",
      source: "POST",
      changed_by_user_id: null,
    });
  });

  it("a burst of posted events is stored before each 204, and each is published with the state it made, in stored order", async () => {
    const devices = ["32", "51"];
    const ids = new Map(await Promise.all(devices.map(async (hubId) => [await idOf(hubId), hubId] as const)));
    const { received, stop } = listenDeviceUpdated();
    const [{ last }] = (await home.sql(`select coalesce(max(id), 0)::bigint as last from home.device_events`)) as [
      { last: string },
    ];
    const values = Array.from({ length: 60 }, (_, i) => 40 + i / 10);
    const statuses = await Promise.all(
      values.map((value, i) =>
        fetch(`${home.service.url}/hubitat/events/${link().secret}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            content: { name: "temperature", value: String(value), deviceId: devices[i % 2], unit: "°C" },
          }),
        }).then((res) => res.status),
      ),
    );
    expect(statuses.every((status) => status === 204)).toBe(true);
    // Every 204 came after its event was stored: all 60 rows are there without waiting.
    const rows = (await home.sql(
      `select hub_device_id, value from home.device_events
        where id > $1 and name = 'temperature' and hub_device_id = any($2) order by id`,
      [last, devices],
    )) as { hub_device_id: string; value: string }[];
    expect(rows.map((r) => Number(r.value)).sort()).toEqual([...values].sort());
    for (const hubId of devices) {
      const stored = rows.filter((r) => r.hub_device_id === hubId).map((r) => Number(r.value));
      await within(3000, () => received.filter((p) => ids.get(p.id) === hubId).length >= stored.length);
      const published = received
        .filter((p) => ids.get(p.id) === hubId)
        .map(
          (p) =>
            (p.device.attributes as { name: string; value: unknown }[]).find((a) => a.name === "temperature")!.value,
        );
      expect(published).toEqual(stored);
      // Dates cross as JSON's ISO text, as the Date scalar and a replica reading the payload expect.
      for (const payload of received.filter((p) => ids.get(p.id) === hubId)) {
        for (const field of ["createdAt", "updatedAt", "lastEventAt", "syncedAt"]) {
          expect(payload.device[field]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        }
      }
      expect(await attribute(hubId, "temperature")).toBe(stored.at(-1));
    }
    await stop();
  });

  it("refuses an event POST without the right secret, and stores nothing", async () => {
    const [{ count: before }] = (await home.sql(`select count(*)::int as count from home.device_events`)) as [
      { count: number },
    ];
    const body = JSON.stringify({ content: { name: "contact", value: "open", deviceId: "31", unit: null } });
    for (const path of ["/hubitat/events/wrong-secret-0123456789", "/hubitat/events/", "/hubitat/events"]) {
      const res = await fetch(`${home.service.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect([403, 404]).toContain(res.status);
    }
    await link().ingestor.drain();
    const [{ count: after }] = (await home.sql(`select count(*)::int as count from home.device_events`)) as [
      { count: number },
    ];
    expect(after).toBe(before);
    expect(await attribute("31", "contact")).toBe("closed");

    // The right secret is accepted, even with the text/html label some firmware puts on JSON.
    const ok = await fetch(`${home.service.url}/hubitat/events/${link().secret}`, {
      method: "POST",
      headers: { "content-type": "text/html" },
      body,
    });
    expect(ok.status).toBe(204);
    expect(await attribute("31", "contact")).toBe("open");
    sim.physical("31", "contact", "open");
    sim.physical("31", "contact", "closed");
  });

  it("caps deviceEvents' limit and honours since", async () => {
    const dimmer = await idOf("12");
    const big = await asMember(`query ($id: ID!) { deviceEvents(deviceId: $id, limit: 100000) { id } }`, {
      id: dimmer,
    });
    expect(big.body.errors).toBeUndefined();
    const zero = await asMember(`query ($id: ID!) { deviceEvents(deviceId: $id, limit: 0) { id } }`, { id: dimmer });
    expect(zero.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "limit" });
    const future = await asMember(
      `query ($id: ID!) { deviceEvents(deviceId: $id, since: "2999-01-01T00:00:00Z") { id } }`,
      { id: dimmer },
    );
    expect(future.body.data!.deviceEvents).toEqual([]);
    const missing = await asMember(`{ deviceEvents(deviceId: "424242") { id } }`);
    expect(missing.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("GET /metrics", () => {
  it("counts the hub's events and times each from receipt to published; shows the subscriptions open", async () => {
    const before = await scrapeMetrics(home.service.url);
    const count = (e: typeof before) => e.value("homegraph_hub_events_total", { hub: "main" }) ?? 0;
    const lagCount = (e: typeof before) => e.value("homegraph_hub_event_lag_seconds_count", { hub: "main" }) ?? 0;
    expect(before.value("homegraph_subscriptions_open", { service: "home" })).toBe(0);

    const client = createClient({
      url: `${home.service.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: home.tokens.bearer({ sub: MEMBER }) },
      retryAttempts: 0,
    });
    const updates: unknown[] = [];
    const stop = client.subscribe(
      { query: `subscription { deviceUpdated(deviceIds: ["${await idOf("32")}"]) { id } }` },
      { next: (value) => void updates.push(value), error: () => undefined, complete: () => undefined },
    );
    try {
      await within(
        3000,
        async () =>
          (await scrapeMetrics(home.service.url)).value("homegraph_subscriptions_open", { service: "home" }) === 1,
      );
      sim.physical("32", "temperature", "23.25");
      await within(3000, async () => updates.length >= 1);
      const after = await scrapeMetrics(home.service.url);
      expect(after.types.homegraph_hub_events_total).toBe("counter");
      expect(after.types.homegraph_hub_event_lag_seconds).toBe("histogram");
      expect(count(after)).toBeGreaterThanOrEqual(count(before) + 1);
      // The event's POST, labelled by its route pattern: the secret in its path never becomes a label.
      expect(
        after.value("homegraph_http_request_duration_seconds_count", {
          service: "home",
          method: "POST",
          route: "/hubitat/events/:secret",
          status: "204",
        }),
      ).toBeGreaterThanOrEqual(1);
      expect(after.samples.some((s) => Object.values(s.labels).some((v) => v.includes(link().secret)))).toBe(false);
      expect(lagCount(after)).toBeGreaterThanOrEqual(lagCount(before) + 1);
      // Stored and published well within a second of its receipt on an idle service.
      expect(after.value("homegraph_hub_event_lag_seconds_bucket", { hub: "main", le: "1" })).toBeGreaterThanOrEqual(
        lagCount(before) + 1,
      );
    } finally {
      stop();
      await client.dispose();
    }
    await within(
      3000,
      async () =>
        (await scrapeMetrics(home.service.url)).value("homegraph_subscriptions_open", { service: "home" }) === 0,
    );
  });
});
