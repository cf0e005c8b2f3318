import type { EntityManager } from "@mikro-orm/postgresql";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../test/support/subgraph";
import { createApp } from "./app";
import { configFromEnv } from "./config";
import { rebuildHistoryRollups, rollUpHistory } from "./services/history-rollup";
import { pruneHistory } from "./services/retention";

// Long-term history against a real PostgreSQL through the home service's GraphQL: hourly and daily
// rollups (min, max, mean; energy's consumption across a meter reset), the hours not rolled up yet
// read from the events, bad ranges, and per-device retention deleting exactly what it should.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const YEAR_START = new Date("2025-12-01T00:00:00Z");
const YEAR_END = new Date("2026-12-01T00:00:00Z");

let home: SubgraphUnderTest;
const em = () => home.service.orm.em.fork() as EntityManager;
const asMember = (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: 5 }) });
const asAdmin = (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: 1, role: "ADMIN" }) });

async function addDevice(label: string, attributes: { name: string; unit: string }[] = []): Promise<number> {
  const [row] = await home.sql(
    `insert into home.devices (hub_device_id, label, attributes, created_at, updated_at)
     values ($1, $2, $3, now(), now()) returning id`,
    [`h-${label}`, label, JSON.stringify(attributes.map((a) => ({ ...a, value: null, dataType: "NUMBER" })))],
  );
  return row!.id as number;
}

/** Readings of `name` at the given times (ms) with the given values. */
async function addReadings(deviceId: number, name: string, readings: [number, number | string][], source = "POST") {
  await home.sql(
    `insert into home.device_events (device_id, hub_device_id, name, value, value_type, source, created_at)
     select $1, 'h', $2, v, 'NUMBER', $5, to_timestamp(t / 1000.0)
     from unnest($3::float8[], $4::text[]) as r(t, v)`,
    [deviceId, name, readings.map((r) => r[0]), readings.map((r) => String(r[1])), source],
  );
}

const HISTORY = `query ($id: ID!, $attribute: String!, $from: DateTimeISO!, $to: DateTimeISO, $resolution: HistoryResolution) {
  deviceHistory(deviceId: $id, attribute: $attribute, from: $from, to: $to, resolution: $resolution) {
    deviceId attribute unit resolution from to points { at count min max mean first last increase }
  }
}`;

async function history(id: number, attribute: string, from: Date, to: Date, resolution?: string) {
  const { body } = await asMember(HISTORY, { id: String(id), attribute, from, to, resolution });
  expect(body.errors).toBeUndefined();
  return body.data!.deviceHistory as {
    unit: string | null;
    resolution: string;
    points: { at: string; count: number; min: number; max: number; mean: number; increase: number | null }[];
  };
}

beforeAll(async () => {
  home = await startSubgraphForTest(createApp, configFromEnv, {
    DEVICE_EVENT_RETENTION_DAYS: "30",
    DEVICE_ROLLUP_RETENTION_DAYS: "730",
  });
});
afterAll(() => home?.stop());

describe("a year of hourly temperatures", () => {
  let id: number;
  const temperature = (t: number) =>
    Math.round((18 + 6 * Math.sin(t / (58 * DAY)) + 3 * Math.sin(t / (4 * HOUR))) * 100) / 100;

  beforeAll(async () => {
    id = await addDevice("Year Sensor", [{ name: "temperature", unit: "°C" }]);
    const readings: [number, number][] = [];
    for (let t = YEAR_START.getTime(); t < YEAR_END.getTime(); t += HOUR) readings.push([t, temperature(t)]);
    await addReadings(id, "temperature", readings);
    // A switch's words and a command's arguments are not readings.
    await addReadings(id, "temperature", [[YEAR_START.getTime() + 1000, "[21]"]], "COMMAND");
    await addReadings(id, "switch", [[YEAR_START.getTime() + 1000, "on"]]);
    await rebuildHistoryRollups(em(), new Date(YEAR_END.getTime() + 10 * 60_000));
  });

  it("charts the year as 365 daily points of min, max and mean (AUTO), each day as its 24 readings give it", async () => {
    const year = await history(id, "temperature", YEAR_START, YEAR_END);
    expect(year).toMatchObject({ resolution: "DAY", unit: "°C" });
    expect(year.points).toHaveLength(365);
    const day = year.points[100]!;
    const start = Date.parse(day.at);
    expect(start).toBe(YEAR_START.getTime() + 100 * DAY);
    const values = Array.from({ length: 24 }, (_, h) => temperature(start + h * HOUR));
    expect(day.count).toBe(24);
    expect(day.min).toBeCloseTo(Math.min(...values), 6);
    expect(day.max).toBeCloseTo(Math.max(...values), 6);
    expect(day.mean).toBeCloseTo(values.reduce((a, b) => a + b) / 24, 6);
  });

  it("gives a week as hourly points and a few hours as the readings themselves", async () => {
    const weekFrom = new Date(YEAR_START.getTime() + 200 * DAY);
    const week = await history(id, "temperature", weekFrom, new Date(weekFrom.getTime() + 7 * DAY));
    expect(week.resolution).toBe("HOUR");
    expect(week.points).toHaveLength(7 * 24);
    expect(week.points[5]).toMatchObject({ count: 1, min: temperature(weekFrom.getTime() + 5 * HOUR) });
    const raw = await history(id, "temperature", weekFrom, new Date(weekFrom.getTime() + 3 * HOUR));
    expect(raw.resolution).toBe("RAW");
    expect(raw.points.map((p) => p.mean)).toEqual([0, 1, 2].map((h) => temperature(weekFrom.getTime() + h * HOUR)));
    expect(raw.points[0]!.increase).toBeNull();
  });

  it("keeps the charts once the events are gone: rollups outlive them", async () => {
    const before = await history(id, "temperature", YEAR_START, YEAR_END, "DAY");
    await pruneHistory(em(), { eventDays: 30, rollupDays: 730 }, new Date(YEAR_END.getTime() + DAY));
    const [{ left }] = await home.sql(`select count(*)::int as left from home.device_events where device_id = $1`, [
      id,
    ]);
    expect(left).toBeLessThan(31 * 24);
    expect(await history(id, "temperature", YEAR_START, YEAR_END, "DAY")).toEqual(before);
  });
});

describe("hours not rolled up yet", () => {
  it("come straight from the events, and read the same once rolled up", async () => {
    const id = await addDevice("Fresh Sensor");
    const now = Date.now();
    const from = new Date(Math.floor(now / HOUR) * HOUR - 5 * HOUR);
    await addReadings(id, "humidity", [
      [from.getTime() + 60_000, 40],
      [from.getTime() + 120_000, 50],
      [from.getTime() + 2 * HOUR, 60],
      [now - 1000, 70],
    ]);
    await home.sql(`update home.device_events set unit = '%' where device_id = $1 and value = '60'`, [id]);
    const to = new Date(now + HOUR);
    const live = await history(id, "humidity", from, to, "HOUR");
    // The device's list has no unit for it: its events' is used.
    expect(live.unit).toBe("%");
    expect(live.points.map((p) => [p.count, p.min, p.max, p.mean])).toEqual([
      [2, 40, 50, 45],
      [1, 60, 60, 60],
      [1, 70, 70, 70],
    ]);
    await rollUpHistory(em());
    expect(await history(id, "humidity", from, to, "HOUR")).toEqual(live);
    const [{ stored }] = await home.sql(
      `select count(*)::int as stored from home.device_rollups where device_id = $1 and resolution = 'HOUR'`,
      [id],
    );
    expect(stored).toBeGreaterThanOrEqual(2);
  });
});

describe("energy and power", () => {
  it("counts a day's kWh as the meter's rise, across a reset, and power's hourly mean and peak", async () => {
    const id = await addDevice("Washer Plug", [
      { name: "energy", unit: "kWh" },
      { name: "power", unit: "W" },
    ]);
    const day1 = Date.parse("2026-06-01T00:00:00Z");
    const day2 = day1 + DAY;
    await addReadings(id, "energy", [
      [day1 + 1 * HOUR, 10],
      [day1 + 5 * HOUR, 11],
      [day1 + 20 * HOUR, 12],
      [day2 + 1 * HOUR, 12.5], // +0.5 overnight, counted on day 2
      [day2 + 2 * HOUR, 13],
      [day2 + 3 * HOUR, 0.5], // the meter was reset: +0.5 from zero
      [day2 + 4 * HOUR, 1],
    ]);
    await addReadings(id, "power", [
      [day1 + 1 * HOUR, 0],
      [day1 + 1 * HOUR + 60_000, 900],
      [day1 + 1 * HOUR + 120_000, 300],
    ]);
    await rebuildHistoryRollups(em(), new Date(day2 + 2 * DAY));
    const energy = await history(id, "energy", new Date(day1), new Date(day2 + DAY), "DAY");
    expect(energy.unit).toBe("kWh");
    expect(energy.points.map((p) => p.increase)).toEqual([2, 2]);
    const hourly = await history(id, "energy", new Date(day2), new Date(day2 + 6 * HOUR), "HOUR");
    expect(hourly.points.map((p) => p.increase)).toEqual([0.5, 0.5, 0.5, 0.5]);
    const power = await history(id, "power", new Date(day1), new Date(day1 + 2 * HOUR), "HOUR");
    expect(power.points).toEqual([expect.objectContaining({ count: 3, mean: 400, max: 900, min: 0 })]);
  });
});

describe("bad requests", () => {
  const ask = (variables: Record<string, unknown>, as = asMember) =>
    as(HISTORY, { id: "1", attribute: "temperature", ...variables });
  const errorOf = async (variables: Record<string, unknown>) => (await ask(variables)).body.errors?.[0]?.extensions;

  it("refuses a range that ends before it starts, or too long for its resolution, naming the field", async () => {
    expect(await errorOf({ from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" })).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "to",
    });
    expect(
      await errorOf({ from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z", resolution: "RAW" }),
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "resolution" });
    expect(await errorOf({ from: "2000-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z" })).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "from",
    });
  });

  it("answers NOT_FOUND for an unknown device and UNAUTHENTICATED without a token", async () => {
    expect(await errorOf({ id: "99999", from: "2026-01-01T00:00:00Z" })).toMatchObject({ code: "NOT_FOUND" });
    const { body } = await home.query(HISTORY, { id: "1", attribute: "temperature", from: "2026-01-01T00:00:00Z" });
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("per-device retention", () => {
  const SET = `mutation ($id: ID!, $eventDays: Int, $rollupDays: Int) {
    setDeviceHistoryRetention(id: $id, eventDays: $eventDays, rollupDays: $rollupDays) {
      id historyRetention { eventDays rollupDays custom }
    }
  }`;

  it("lets only an admin set it, checked field by field", async () => {
    const id = String(await addDevice("Retained Plug"));
    const member = await asMember(SET, { id, eventDays: 5 });
    expect(member.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    for (const [variables, field] of [
      [{ eventDays: 0 }, "eventDays"],
      [{ eventDays: 5, rollupDays: 4000 }, "rollupDays"],
    ] as const) {
      const { body } = await asAdmin(SET, { id, ...variables });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    const set = await asAdmin(SET, { id, eventDays: 5, rollupDays: 40 });
    expect(set.body.data!.setDeviceHistoryRetention.historyRetention).toEqual({
      eventDays: 5,
      rollupDays: 40,
      custom: true,
    });
    const reset = await asAdmin(SET, { id });
    expect(reset.body.data!.setDeviceHistoryRetention.historyRetention).toEqual({
      eventDays: 30,
      rollupDays: 730,
      custom: false,
    });
  });

  it("deletes each device's events and rollups older than its own retention, and nothing else", async () => {
    const now = Date.now();
    const own = await addDevice("Short Memory");
    const other = await addDevice("Default Memory");
    await asAdmin(SET, { id: String(own), eventDays: 5, rollupDays: 40 });
    for (const id of [own, other]) {
      await addReadings(
        id,
        "illuminance",
        [3, 10, 40].map((d) => [now - d * DAY, d] as [number, number]),
      );
    }
    await rollUpHistory(em());
    // Rollups older than any event kept (of an attribute of their own): 10, 100 and 800 days old.
    for (const id of [own, other]) {
      await home.sql(
        `insert into home.device_rollups (device_id, name, resolution, bucket, count, sum, min, max, first, first_at, last, last_at)
         select $1, 'pressure', 'DAY', now() - d * interval '1 day', 1, 1, 1, 1, 1, now(), 1, now()
         from unnest(array[10, 100, 800]) d`,
        [id],
      );
    }
    await pruneHistory(em(), { eventDays: 30, rollupDays: 730 });
    const ages = async (table: string, id: number, name: string) =>
      (
        await home.sql(
          `select round(extract(epoch from now() - ${table === "device_events" ? "created_at" : "bucket"}) / 86400)::int as age
           from home.${table} where device_id = $1 and name = $2 order by age`,
          [id, name],
        )
      ).map((r) => r.age);
    expect(await ages("device_events", own, "illuminance")).toEqual([3]);
    expect(await ages("device_events", other, "illuminance")).toEqual([3, 10]);
    expect(await ages("device_rollups", own, "pressure")).toEqual([10]);
    expect(await ages("device_rollups", other, "pressure")).toEqual([10, 100]);
  });

  it("keeps events not rolled up yet, whatever their age", async () => {
    const id = await addDevice("Late Sensor");
    const [{ mark }] = await home.sql(`select hour_mark as mark from home.history_rollup_state`);
    await home.sql(`update home.history_rollup_state set hour_mark = now() - interval '50 days'`);
    await addReadings(id, "temperature", [[Date.now() - 45 * DAY, 20]]);
    await pruneHistory(em(), { eventDays: 30, rollupDays: 730 });
    expect(await home.sql(`select value from home.device_events where device_id = $1`, [id])).toEqual([
      { value: "20" },
    ]);
    await home.sql(`update home.history_rollup_state set hour_mark = $1`, [mark]);
  });
});
