import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { within } from "../../../test/support/tokens";
import type { RunningSimulator } from "../../../hub-simulator/src/app";
import { MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";

// The alarm panel's data against the hub simulator: arming waits out the exit delay, an alert
// raised on the hub reaches a GraphQL subscriber and `hub.hsmAlert`, disarming clears it, and
// every status and alert is kept as history.

const EXIT_DELAY_SECONDS = 1;
let sim: RunningSimulator;
let home: SubgraphUnderTest;
const { asMember, asAdmin } = useHomeOnSimulator(
  (running) => ({ sim, home } = running),
  { HSM_EXIT_DELAY_SECONDS: String(EXIT_DELAY_SECONDS) },
  { hsmExitDelayMs: EXIT_DELAY_SECONDS * 1000 },
);

const ALARM = `{ hub { hsmStatus hsmArmingSince hsmArmingUntil hsmAlert { kind at text } } }`;
const alarm = async () => (await asMember(ALARM)).body.data!.hub;

interface Live {
  client: Client;
  events: Record<string, any>[];
  dispose: () => Promise<void>;
}

/** A member's subscription on the home service's own graphql-ws endpoint. */
function live(query: string): Live {
  const client = createClient({
    url: `${home.service.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: home.tokens.bearer({ sub: MEMBER }) },
    retryAttempts: 0,
  });
  const events: Record<string, any>[] = [];
  const stop = client.subscribe(
    { query },
    {
      next: (value) => events.push(value.data as Record<string, any>),
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return {
    client,
    events,
    dispose: async () => {
      stop();
      await client.dispose();
    },
  };
}

async function disarm() {
  const { body } = await asAdmin(`mutation { setHsm(value: disarm) { hsmStatus } }`);
  expect(body.errors).toBeUndefined();
  await within(5000, async () => (await alarm()).hsmStatus === "disarmed");
}

beforeEach(disarm);

describe("arming", () => {
  it("arm away shows armingAway with when arming ends, then armedAway", async () => {
    const before = Date.now();
    const { body } = await asAdmin(`mutation { setHsm(value: armAway) { hsmStatus hsmArmingSince hsmArmingUntil } }`);
    expect(body.errors).toBeUndefined();
    const armed = body.data!.setHsm;
    expect(armed.hsmStatus).toBe("armingAway");
    const since = Date.parse(armed.hsmArmingSince);
    expect(since).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(armed.hsmArmingUntil) - since).toBe(EXIT_DELAY_SECONDS * 1000);

    await within(10_000, async () => (await alarm()).hsmStatus === "armedAway");
    expect(await alarm()).toMatchObject({ hsmArmingSince: null, hsmArmingUntil: null, hsmAlert: null });
  });

  it("members may read the alarm but arm it only with a CONTROL grant of HSM (access-capabilities.test.ts)", async () => {
    const { body } = await asMember(`mutation { setHsm(value: armAway) { hsmStatus } }`);
    expect(body.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await alarm()).hsmStatus).toBe("disarmed");
  });
});

describe("alerts", () => {
  it("an intrusion raised on the hub reaches a subscriber and hub.hsmAlert; disarming clears both", async () => {
    await asAdmin(`mutation { setHsm(value: armAway) { hsmStatus } }`);
    await within(10_000, async () => (await alarm()).hsmStatus === "armedAway");
    const sub = live(`subscription { hsmChanged { status armingUntil alert { kind at text } } }`);
    try {
      // The subscription is open once the service has a listener; raise until one is heard.
      await within(10_000, async () => {
        await sim.flushed();
        if (sub.events.length) return true;
        sim.hsmAlert("intrusion", "Front Door opened");
        await new Promise((r) => setTimeout(r, 200));
        return sub.events.length > 0;
      });
      expect(sub.events[0]!.hsmChanged).toMatchObject({
        status: "armedAway",
        armingUntil: null,
        alert: { kind: "intrusion", text: "Front Door opened" },
      });
      const raised = await alarm();
      expect(raised.hsmAlert).toMatchObject({ kind: "intrusion", text: "Front Door opened" });
      expect(Date.now() - Date.parse(raised.hsmAlert.at)).toBeLessThan(60_000);

      const heard = sub.events.length;
      await disarm();
      await within(5000, () => sub.events.slice(heard).some((e) => e.hsmChanged.status === "disarmed"));
      expect(sub.events.at(-1)!.hsmChanged.alert).toBeNull();
      expect((await alarm()).hsmAlert).toBeNull();
    } finally {
      await sub.dispose();
    }
  });

  it("cancelAlerts on the hub clears a smoke alert while HSM stays as it was", async () => {
    sim.hsmAlert("smoke", "Kitchen smoke detector");
    await within(5000, async () => (await alarm()).hsmAlert?.kind === "smoke");
    await asAdmin(`mutation { setHsm(value: cancelAlerts) { hsmStatus } }`);
    await within(5000, async () => (await alarm()).hsmAlert === null);
    expect((await alarm()).hsmStatus).toBe("disarmed");
  });
});

describe("hsmHistory", () => {
  it("lists statuses and alerts newest first, once each though set through Homegraph and reported by the hub", async () => {
    await home.sql(`delete from home.hsm_events`);
    await asAdmin(`mutation { setHsm(value: armHome) { hsmStatus } }`);
    await within(10_000, async () => (await alarm()).hsmStatus === "armedHome");
    sim.hsmAlert("water", "Basement leak sensor");
    await within(5000, async () => (await alarm()).hsmAlert?.kind === "water");
    await disarm();
    await sim.flushed();
    await within(5000, async () => (await home.sql(`select 1 from home.hsm_events`)).length >= 5);

    const { body } = await asMember(`{ hsmHistory(limit: 10) { kind value text at } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.hsmHistory.map((e: { kind: string; value: string }) => [e.kind, e.value])).toEqual([
      ["alert", "cancel"],
      ["status", "disarmed"],
      ["alert", "water"],
      ["status", "armedHome"],
      ["status", "armingHome"],
    ]);
    expect(body.data!.hsmHistory[2].text).toBe("Basement leak sensor");
    const limited = await asMember(`{ hsmHistory(limit: 2) { value } }`);
    expect(limited.body.data!.hsmHistory).toHaveLength(2);
  });
});
