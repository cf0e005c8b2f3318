import type { EventReceiver } from "../../test/support/hub-simulator";
import { within } from "../../test/support/tokens";
import { makerApiClient, useSimulatorAndReceiver } from "./__tests__/helpers";
import type { RunningSimulator } from "./app";

// The front door lock's codes as a real Hubitat lock reports them: setCode/deleteCode/getCodes
// through the Maker API, the `lockCodes` attribute (JSON, or encrypted), `codeChanged` events and
// an unlock at the keypad that names the code.

let sim: RunningSimulator;
let receiver: EventReceiver;
const { api, json } = makerApiClient(() => sim);
const LOCK = "71";

useSimulatorAndReceiver((started, events) => {
  sim = started;
  receiver = events;
});

const control = (path: string, method = "POST", body?: unknown) =>
  fetch(`${sim.url}/_sim/devices/${LOCK}/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function attribute(name: string): Promise<unknown> {
  const lock = await json(`/devices/${LOCK}`);
  return lock.attributes.find((a: { name: string }) => a.name === name).currentValue;
}

const posted = () => receiver.received.map((r) => r.body.content);

beforeAll(async () => {
  await json(`/postURL/${encodeURIComponent(`${receiver.url}/hubitat/events/s3cret`)}`);
});
beforeEach(async () => {
  await sim.flushed();
  receiver.received.length = 0;
});

describe("lock codes", () => {
  it("lists codeLength, maxCodes, lastCodeName and the LockCodes commands", async () => {
    const lock = await json(`/devices/${LOCK}`);
    expect(await attribute("codeLength")).toBe(4);
    expect(await attribute("maxCodes")).toBe(30);
    expect(lock.commands).toEqual(expect.arrayContaining(["setCode", "deleteCode", "getCodes", "setCodeLength"]));
    const commands = JSON.parse(await (await api(`/devices/${LOCK}/commands`)).text());
    expect(commands).toContainEqual({ command: "setCode", type: ["NUMBER", "STRING", "STRING"] });
  });

  it("setCode writes the code and posts lockCodes, then codeChanged '<position> added' with the entry as data", async () => {
    expect((await api(`/devices/${LOCK}/setCode/5,2468,Dana`)).status).toBe(200);
    expect(JSON.parse(String(await attribute("lockCodes")))["5"]).toEqual({ name: "Dana", code: "2468" });
    await within(2000, () => receiver.received.length >= 2);
    const [codes, changed] = posted();
    expect(codes).toMatchObject({ name: "lockCodes", deviceId: LOCK, type: "digital" });
    expect(changed).toMatchObject({ name: "codeChanged", value: "5 added", deviceId: LOCK });
    expect(JSON.parse(changed.data)).toEqual({ "5": { name: "Dana", code: "2468" } });

    await api(`/devices/${LOCK}/setCode/5,1357,Dana`);
    await within(2000, () => posted().some((e) => e.value === "5 changed"));
  });

  it("reports '<position> failed' for a wrong length or a duplicate code or name, and changes nothing", async () => {
    await api(`/devices/${LOCK}/setCode/6,123456,Eve`);
    await api(`/devices/${LOCK}/setCode/7,1234,Eve`); // 1234 is the Family code at 1
    await api(`/devices/${LOCK}/setCode/8,9753,Family`);
    await within(2000, () => posted().filter((e) => e.name === "codeChanged").length >= 3);
    expect(posted().map((e) => e.value)).toEqual(["6 failed", "7 failed", "8 failed"]);
    expect(Object.keys(sim.lockCodes(LOCK).codes)).not.toEqual(expect.arrayContaining(["6", "7", "8"]));
    // A position the lock does not have is refused at once.
    expect((await api(`/devices/${LOCK}/setCode/31,9753,Zed`)).status).toBe(400);
  });

  it("deleteCode removes the code and posts '<position> deleted'; an empty position does nothing", async () => {
    await api(`/devices/${LOCK}/setCode/9,8642,Finn`);
    await sim.flushed();
    receiver.received.length = 0;
    await api(`/devices/${LOCK}/deleteCode/9`);
    await api(`/devices/${LOCK}/deleteCode/12`);
    await within(2000, () => posted().some((e) => e.name === "codeChanged"));
    await sim.flushed();
    expect(posted().map((e) => [e.name, e.value === null || e.name === "lockCodes" ? "…" : e.value])).toEqual([
      ["lockCodes", "…"],
      ["codeChanged", "9 deleted"],
    ]);
    expect(sim.lockCodes(LOCK).codes["9"]).toBeUndefined();
  });

  it("a code typed at the keypad unlocks and names the code; a wrong one does nothing", async () => {
    await api(`/devices/${LOCK}/lock`);
    await sim.flushed();
    receiver.received.length = 0;
    expect((await control("keypad", "POST", { code: "0000" })).status).toBe(403);
    const res = await control("keypad", "POST", { code: "1234" });
    expect(await res.json()).toEqual({ unlocked: true, position: 1, name: "Family" });
    await within(2000, () => receiver.received.length >= 2);
    const [unlock, last] = posted();
    expect(unlock).toMatchObject({
      name: "lock",
      value: "unlocked",
      type: "physical",
      descriptionText: "Front Door Lock was unlocked by Family",
    });
    expect(JSON.parse(unlock.data)).toEqual({ "1": { name: "Family", code: "1234" } });
    expect(last).toMatchObject({ name: "lastCodeName", value: "Family" });
  });

  it("codes set and removed at the lock itself are reported as physical changes", async () => {
    const set = await control("codes", "POST", { position: 20, code: "5555", name: "Cleaner" });
    expect(((await set.json()) as { codes: Record<string, unknown> }).codes["20"]).toEqual({
      name: "Cleaner",
      code: "5555",
    });
    await control("codes/20", "DELETE");
    await within(2000, () => posted().some((e) => e.value === "20 deleted"));
    expect(posted().find((e) => e.value === "20 added")).toMatchObject({ type: "physical" });
  });

  it("with encryption on, lockCodes and the events' data are opaque; the codes still work", async () => {
    expect(await (await control("codes/encryption", "POST", { encrypted: true })).json()).toEqual({ encrypted: true });
    try {
      const value = String(await attribute("lockCodes"));
      expect(value.startsWith("{")).toBe(false);
      expect(value).not.toContain("1234");
      receiver.received.length = 0;
      await api(`/devices/${LOCK}/setCode/10,7777,Gus`);
      await control("keypad", "POST", { code: "7777" });
      await within(2000, () => posted().some((e) => e.name === "lastCodeName"));
      const changed = posted().find((e) => e.name === "codeChanged");
      expect(changed.value).toBe("10 added");
      expect(changed.data.startsWith("{")).toBe(false);
      const unlock = posted().find((e) => e.name === "lock");
      expect(unlock.descriptionText).toBe("Front Door Lock was unlocked by Gus");
      expect(JSON.stringify(posted())).not.toContain("7777");
      expect(sim.lockCodes(LOCK)).toMatchObject({ encrypted: true, codes: { "10": { name: "Gus", code: "7777" } } });
    } finally {
      await control("codes/encryption", "POST", { encrypted: false });
    }
    expect(JSON.parse(String(await attribute("lockCodes")))["10"]).toEqual({ name: "Gus", code: "7777" });
  });

  it("other devices' events still post data null", async () => {
    await api(`/devices/11/on`);
    await within(2000, () => receiver.received.length >= 1);
    expect(posted()[0].data).toBeNull();
    await api(`/devices/11/off`);
  });
});
