import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { useHomeOnSimulator } from "./__tests__/home-on-simulator";
import { DEVICES_AS_STORED, type StoredDevice } from "./__tests__/hub-comparison";

// Reconciling with the hub simulator: changes the hub made without telling Homegraph (a removed
// device, a renamed and moved one, lost event posts) are corrected within a reconcile interval
// and counted as drift; removed devices are kept, hidden after the grace period, re-attached when
// they return, and forgotten on an admin's word.

const GRACE_S = 4;
let sim: RunningSimulator;
let home: SubgraphUnderTest;
const { asMember, asAdmin, idOf, link, hubRequests } = useHomeOnSimulator((running) => ({ sim, home } = running), {
  HUB_RECONCILE_INTERVAL_SECONDS: "1",
  DEVICE_REMOVED_GRACE_HOURS: String(GRACE_S / 3600),
});

const DRIFT = `{ hub { drift { corrections attributeValue label room removed returned added lastReconciledAt } } }`;
interface Drift {
  corrections: number;
  attributeValue: number;
  label: number;
  room: number;
  removed: number;
  returned: number;
  added: number;
  lastReconciledAt: string | null;
}
const drift = async (): Promise<Drift> => (await asMember(DRIFT)).body.data!.hub.drift;

const listed = async (): Promise<StoredDevice[]> => (await asAdmin(DEVICES_AS_STORED)).body.data!.devices;

/** Whether Homegraph's devices are the hub's: the same ids, labels, rooms and plain values. */
async function matchesHub(): Promise<boolean> {
  const devices = (await listed()).filter((d) => !d.removed);
  if (devices.length !== sim.hub.devices.size) return false;
  return devices.every((d) => {
    const onHub = sim.hub.devices.get(d.hubDeviceId);
    if (!onHub || onHub.label !== d.label || onHub.room !== d.room) return false;
    return d.attributes.every(
      (a) => typeof a.value === "object" || String(a.value ?? null) === String(onHub.get(a.name) ?? null),
    );
  });
}

describe("reconcile", () => {
  it("corrects a removed device, a renamed and moved one, and values whose posts were lost, counting each", async () => {
    const before = await drift();
    expect(before.lastReconciledAt).not.toBeNull();
    sim.physical("22", "switch", "on");
    await sim.flushed();
    sim.hub.removeDevice("22");
    sim.hub.editDevice("11", { label: "Garden Light", room: "Garden" });
    sim.dropPosts(10, 60_000);
    // Ten posts, one a device: the tenth is lost.
    const levels: [string, number][] = [
      ["12", 41],
      ["14", 42],
      ["15", 43],
      ["12", 44],
      ["14", 45],
      ["15", 46],
      ["12", 47],
      ["14", 48],
      ["15", 49],
      ["12", 50],
    ];
    for (const [id, level] of levels) sim.physical(id, "level", level);
    await sim.flushed();
    expect(sim.stats().postsDropped).toBe(1);
    sim.dropPosts(0, 0);

    await within(6000, matchesHub);
    let after = before;
    await within(3000, async () => {
      after = await drift();
      return after.removed > before.removed && after.attributeValue > before.attributeValue;
    });
    expect(after).toMatchObject({
      label: before.label + 1,
      room: before.room + 1,
      removed: before.removed + 1,
      returned: before.returned,
      added: before.added,
    });
    expect(after.attributeValue).toBeGreaterThanOrEqual(before.attributeValue + 1);
    expect(after.corrections).toBe(
      after.attributeValue + after.label + after.room + after.removed + after.returned + after.added,
    );

    // Removed, not gone: shown as removed until the grace period ends, its history kept.
    const fan = (await listed()).find((d) => d.hubDeviceId === "22");
    expect(fan).toMatchObject({ removed: true, label: "Desk Fan" });
    // /health shows this process's totals as its last complete reconcile left them: a moment
    // behind the stored ones, which each correction updates as it is written.
    type Health = { checks: Record<string, { status: string; detail: { drift: { corrections: number } | null } }> };
    let health: Health | undefined;
    await within(5000, async () => {
      health = (await (await fetch(`${home.service.url}/health`)).json()) as Health;
      return (health.checks.hubReconcile?.detail.drift?.corrections ?? -1) >= after.corrections;
    });
    expect(health!.checks.hubReconcile).toMatchObject({
      status: "healthy",
      detail: { drift: { corrections: expect.any(Number) } },
    });
  });

  it("hides a removed device from lists after the grace period; it still answers by id with its history", async () => {
    const id = await idOf("22");
    await within((GRACE_S + 3) * 1000, async () => !(await listed()).some((d) => d.hubDeviceId === "22"));
    const office = await asMember(`{ rooms { name deviceCount } }`);
    expect(office.body.data!.rooms.find((r: { name: string }) => r.name === "Office")).toBeUndefined();
    const { body } = await asMember(`query ($id: ID!) { device(id: $id) { label removed removedAt online stale } }`, {
      id,
    });
    expect(body.data!.device).toMatchObject({ label: "Desk Fan", removed: true, online: false, stale: true });
    const events = await home.sql(`select count(*)::int as n from home.device_events where device_id = $1`, [id]);
    expect(events[0]!.n).toBeGreaterThan(0);
  });

  it("re-attaches a device that returns: the same device, its history kept, counted as returned", async () => {
    const id = await idOf("22");
    const [{ n: eventsBefore }] = (await home.sql(
      `select count(*)::int as n from home.device_events where device_id = $1`,
      [id],
    )) as [{ n: number }];
    const before = await drift();
    sim.hub.restoreDevice("22");
    await within(5000, async () => (await listed()).some((d) => d.hubDeviceId === "22" && !d.removed && d.id === id));
    // The count commits with the device's own write.
    await within(3000, async () => (await drift()).returned === before.returned + 1);
    const [{ n: eventsAfter }] = (await home.sql(
      `select count(*)::int as n from home.device_events where device_id = $1`,
      [id],
    )) as [{ n: number }];
    expect(eventsAfter).toBeGreaterThanOrEqual(eventsBefore);
  });
});

describe("forgetDevice", () => {
  const FORGET = `mutation ($id: ID!) { forgetDevice(id: $id) }`;

  it("is for admins, refused while the hub lists the device, and deletes it with its history once removed", async () => {
    const id = await idOf("31");
    expect((await asMember(FORGET, { id })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const listedNow = await asAdmin(FORGET, { id });
    expect(listedNow.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
    expect((await asAdmin(FORGET, { id: "999999" })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

    sim.physical("31", "contact", "open");
    await sim.flushed();
    sim.hub.removeDevice("31");
    await within(5000, async () => (await listed()).some((d) => d.hubDeviceId === "31" && d.removed));
    const star = `mutation ($id: ID!) { setFavoriteDevice(id: $id, favorite: true) { favorite } }`;
    expect((await asMember(star, { id })).body.data!.setFavoriteDevice.favorite).toBe(true);
    const { body } = await asAdmin(FORGET, { id });
    expect(body.errors).toBeUndefined();
    expect(body.data!.forgetDevice).toBe(true);
    expect(await home.sql(`select id from home.devices where id = $1`, [id])).toEqual([]);
    expect(await home.sql(`select id from home.device_events where device_id = $1`, [id])).toEqual([]);
    // Nobody's favourite any more either.
    expect(await home.sql(`select user_id from home.favorite_devices where device_id = $1`, [id])).toEqual([]);
    const gone = await asMember(`query ($id: ID!) { device(id: $id) { label } }`, { id });
    expect(gone.body.data!.device).toBeNull();
    sim.hub.restoreDevice("31");
  });
});

describe("reconcileHub", () => {
  const RECONCILE = `mutation { reconcileHub { at devicesChecked corrections ms
    byKind { attributeValue label room removed returned added } } }`;

  it("compares every device now for an admin: nothing to correct, then the one change the hub made", async () => {
    expect((await asMember(RECONCILE)).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    await within(5000, matchesHub);
    const lastWrite = `select max(updated_at) as at from home.devices`;
    const [{ at: writtenBefore }] = (await home.sql(lastWrite)) as [{ at: Date }];
    const quiet = await asAdmin(RECONCILE);
    // Cheap when nothing changed: compared, not written.
    expect((await home.sql(lastWrite))[0]).toEqual({ at: writtenBefore });
    expect(quiet.body.errors).toBeUndefined();
    expect(quiet.body.data!.reconcileHub).toMatchObject({ devicesChecked: sim.hub.devices.size, corrections: 0 });

    sim.hub.editDevice("61", { room: "Living Room" });
    const { body } = await asAdmin(RECONCILE);
    // A periodic reconcile may have seen it first: then this one found nothing left to correct.
    const report = body.data!.reconcileHub;
    expect([0, 1]).toContain(report.corrections);
    expect(report.byKind.room).toBe(report.corrections);
    expect((await listed()).find((d) => d.hubDeviceId === "61")?.room).toBe("Living Room");
  });
});

describe("a device that falls silent", () => {
  it("is read again on its own once silent for several of its usual intervals", async () => {
    // Its cadence as if it had reported every 30 s for the last few minutes.
    const gaps = link().reconciliation!.gaps;
    const start = Date.now() - 300_000;
    for (let i = 0; i < 6; i++) gaps.heard("52", start + i * 30_000);
    sim.requests.length = 0;
    await within(3000, () => hubRequests().some((url) => /\/devices\/52\?/.test(url)));
  });
});
