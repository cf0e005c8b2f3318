import type { EventReceiver } from "../../test/support/hub-simulator";
import { within } from "../../test/support/tokens";
import { makerApiClient, useSimulatorAndReceiver } from "./__tests__/helpers";
import type { RunningSimulator } from "./app";

// The controls that change the household behind the Maker API's back, as a person on the hub's
// own pages would, and the lossy network between the hub and the event URL.

let sim: RunningSimulator;
let receiver: EventReceiver;
const { json } = makerApiClient(() => sim);

useSimulatorAndReceiver((started, events) => {
  sim = started;
  receiver = events;
});

const control = (method: string, path: string, body?: unknown) =>
  fetch(`${sim.url}/_sim/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("removing a device and adding it back", () => {
  it("the Maker API stops listing it, then lists it again with its state", async () => {
    await json("/devices/22/on");
    const removed = await control("DELETE", "devices/22");
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ removed: "22" });
    const listed = (await json("/devices/all")) as { id: string }[];
    expect(listed.map((d) => d.id)).not.toContain("22");
    expect((await control("DELETE", "devices/22")).status).toBe(404);

    const restored = await control("POST", "devices/22/restore");
    expect(await restored.json()).toEqual({ restored: "22" });
    const back = (await json("/devices/22")) as { attributes: { name: string; currentValue: unknown }[] };
    expect(back.attributes.find((a) => a.name === "switch")?.currentValue).toBe("on");
    expect((await control("POST", "devices/22/restore")).status).toBe(404);
    await json("/devices/22/off");
  });
});

describe("renaming and moving a device", () => {
  it("changes its label and room everywhere the Maker API names them", async () => {
    const res = await control("PATCH", "devices/11", { label: "Garden Light", room: "Garden" });
    expect(await res.json()).toEqual({ id: "11", label: "Garden Light", room: "Garden" });
    expect(await json("/devices/11")).toMatchObject({ label: "Garden Light", room: "Garden" });
    const listed = (await json("/devices")) as { id: string; label: string; room: string | null }[];
    expect(listed.find((d) => d.id === "11")).toMatchObject({ label: "Garden Light", room: "Garden" });

    expect((await control("PATCH", "devices/11", { room: null })).status).toBe(200);
    expect(await json("/devices/11")).toMatchObject({ label: "Garden Light", room: null });
    expect((await control("PATCH", "devices/11", { label: "" })).status).toBe(400);
    expect((await control("PATCH", "devices/nope", { label: "x" })).status).toBe(404);
    await control("PATCH", "devices/11", { label: "Porch Light", room: "Outside" });
  });
});

describe("dropping event posts", () => {
  it("leaves out the share of posts asked for, evenly, for the time asked, and counts them", async () => {
    await json(`/postURL/${encodeURIComponent(`${receiver.url}/hubitat/events/s3cret`)}`);
    await sim.flushed();
    receiver.received.length = 0;
    sim.resetStats();
    expect((await control("POST", "posts/drop?percent=150")).status).toBe(400);
    expect((await control("POST", "posts/drop?percent=10&forMs=60000")).status).toBe(200);
    for (let i = 0; i < 20; i++) sim.physical("41", "motion", i % 2 ? "inactive" : "active");
    await sim.flushed();
    expect(sim.stats()).toMatchObject({ postsDropped: 2, postsSent: 18 });
    await within(2000, () => receiver.received.length === 18);

    await control("POST", "posts/drop?percent=0");
    sim.physical("41", "motion", "active");
    await sim.flushed();
    expect(sim.stats().postsDropped).toBe(2);
    sim.physical("41", "motion", "inactive");
  });
});
