import type { EventReceiver } from "../../test/support/hub-simulator";
import { within } from "../../test/support/tokens";
import { makerApiClient, useSimulatorAndReceiver } from "./__tests__/helpers";
import type { RunningSimulator } from "./app";

// Hubitat Safety Monitor as a real hub runs it: arming waits out the exit delay, alerts are
// location events, and disarming cancels the alert in force.

const EXIT_DELAY_MS = 400;
let sim: RunningSimulator;
let receiver: EventReceiver;
const { json } = makerApiClient(() => sim);

useSimulatorAndReceiver(
  (started, events) => {
    sim = started;
    receiver = events;
  },
  { hsmExitDelayMs: EXIT_DELAY_MS },
);

const control = (path: string, body: unknown) =>
  fetch(`${sim.url}/_sim/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const posted = () => receiver.received.map((r) => [r.body.content.name, r.body.content.value]);

beforeAll(async () => {
  await json(`/postURL/${encodeURIComponent(`${receiver.url}/hubitat/events/s3cret`)}`);
});
beforeEach(async () => {
  await json("/hsm/disarm");
  await sim.flushed();
  receiver.received.length = 0;
});

describe("arming with an exit delay", () => {
  it("reports armingAway at once and armedAway once the delay is over", async () => {
    const started = Date.now();
    expect(await json("/hsm/armAway")).toEqual({ hsm: "armingAway" });
    expect(await json("/hsm")).toEqual({ hsm: "armingAway" });
    await within(EXIT_DELAY_MS * 10, async () => (await json("/hsm")).hsm === "armedAway");
    expect(Date.now() - started).toBeGreaterThanOrEqual(EXIT_DELAY_MS - 20);
    await sim.flushed();
    expect(posted()).toEqual([
      ["hsmStatus", "armingAway"],
      ["hsmStatus", "armedAway"],
    ]);
    expect(receiver.received[0]!.body.content).toMatchObject({ deviceId: null, descriptionText: "hsmEvent" });
  });

  it("a disarm during the delay stops the arming", async () => {
    await json("/hsm/armNight");
    await json("/hsm/disarm");
    await new Promise((r) => setTimeout(r, EXIT_DELAY_MS * 2));
    expect(await json("/hsm")).toEqual({ hsm: "disarmed" });
    await sim.flushed();
    expect(posted()).toEqual([
      ["hsmStatus", "armingNight"],
      ["hsmStatus", "disarmed"],
    ]);
  });
});

describe("alerts", () => {
  it("an intrusion while armed away is posted, and disarming cancels it", async () => {
    await json("/hsm/armAway");
    await within(EXIT_DELAY_MS * 10, async () => (await json("/hsm")).hsm === "armedAway");
    const res = await control("hsm/alert", { kind: "intrusion", text: "Front Door opened" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ hsm: "armedAway", alert: "intrusion" });
    await sim.flushed();
    expect(receiver.received.at(-1)!.body.content).toMatchObject({
      name: "hsmAlert",
      value: "intrusion",
      descriptionText: "Front Door opened",
      deviceId: null,
    });
    await json("/hsm/disarm");
    await sim.flushed();
    expect(posted().slice(-2)).toEqual([
      ["hsmStatus", "disarmed"],
      ["hsmAlert", "cancel"],
    ]);
  });

  it("cancelAlerts ends a smoke alert without disarming", async () => {
    expect((await control("hsm/alert", { kind: "smoke" })).status).toBe(202);
    await json("/hsm/cancelAlerts");
    await sim.flushed();
    expect(posted()).toEqual([
      ["hsmAlert", "smoke"],
      ["hsmAlert", "cancel"],
    ]);
    expect(await json("/hsm")).toEqual({ hsm: "disarmed" });
  });

  it("refuses an intrusion while disarmed and an unknown kind, and posts nothing", async () => {
    const disarmed = await control("hsm/alert", { kind: "intrusion" });
    expect(disarmed.status).toBe(409);
    expect(((await disarmed.json()) as { message: string }).message).toMatch(/only while armedAway/);
    expect((await control("hsm/alert", { kind: "volcano" })).status).toBe(400);
    expect((await control("hsm/alert", { text: "no kind" })).status).toBe(400);
    await sim.flushed();
    expect(posted()).toEqual([]);
  });
});
