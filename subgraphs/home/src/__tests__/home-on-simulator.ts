import { startHubSimulator } from "../../../../test/support/hub-simulator";
import { startSubgraphForTest, type SubgraphUnderTest } from "../../../../test/support/subgraph";
import { within } from "../../../../test/support/tokens";
import type { RunningSimulator } from "../../../../hub-simulator/src/app";
import type { SimulatorConfig } from "../../../../hub-simulator/src/config";
import { createApp, type RunningHome } from "../app";
import { configFromEnv, type HomeConfig } from "../config";
import type { Logger } from "../../../../packages/common/src";
import { DEVICE_UPDATED, type DeviceUpdatedPayload } from "../services/device-events.pubsub";

// The home service against the hub simulator over HTTP and a real PostgreSQL, started once per
// test file, with the calls its tests make as a member or an admin.

export const MEMBER = 5;
export const ADMIN = 1;

export const HUB = `{ hub { configured connected problem lastEventAt lastSyncAt mode modes { name active } hsmStatus variables { name value type } } }`;

export interface HomeOnSimulator {
  sim: RunningSimulator;
  home: SubgraphUnderTest;
}

/**
 * Starts the simulator and the home service (with `env` added to its environment) before the
 * file's tests (until the hub reads as connected), hands both to `started`, lets the hub's events settle before each test, and stops
 * both after the last.
 */
export function useHomeOnSimulator(
  started: (running: HomeOnSimulator) => void,
  env: Record<string, string> | (() => Record<string, string>) = {},
  simulator: Partial<SimulatorConfig> = {},
  options: { logger?: Logger } = {},
) {
  let sim: RunningSimulator | undefined;
  let home: SubgraphUnderTest | undefined;
  const running = (): HomeOnSimulator => {
    if (!sim || !home) throw new Error("the simulator and the home service start in beforeAll");
    return { sim, home };
  };

  const asMember = (query: string, variables?: Record<string, unknown>) =>
    running().home.query(query, variables, { authorization: running().home.tokens.bearer({ sub: MEMBER }) });
  const asAdmin = (query: string, variables?: Record<string, unknown>) =>
    running().home.query(query, variables, {
      authorization: running().home.tokens.bearer({ sub: ADMIN, role: "ADMIN" }),
    });
  const link = () => (running().home.service as RunningHome).services.link!;

  /** Homegraph's id of the device the hub knows as `hubId`. */
  async function idOf(hubId: string): Promise<string> {
    const [row] = await running().home.sql(`select id from home.devices where hub_device_id = $1 and hub = 'main'`, [
      hubId,
    ]);
    return String(row!.id);
  }

  async function attribute(hubId: string, name: string): Promise<unknown> {
    const { body } = await asMember(`query ($id: ID!) { device(id: $id) { attributes { name value } } }`, {
      id: await idOf(hubId),
    });
    return body.data!.device.attributes.find((a: { name: string }) => a.name === name)?.value;
  }

  /**
   * An admin's grant to a person on the device the hub knows as `hubId` (null: back to the
   * defaults). A member controls a lock only with one (docs/access.md).
   */
  async function grantDevice(userId: number, hubId: string, level: "NONE" | "VIEW" | "CONTROL" | null) {
    const { body } = await asAdmin(
      `mutation ($u: ID!, $d: ID!, $l: AccessLevel) { setDeviceAccess(userId: $u, deviceId: $d, level: $l) { id } }`,
      { u: String(userId), d: await idOf(hubId), l: level },
    );
    if (body.errors) throw new Error(`setDeviceAccess failed: ${JSON.stringify(body.errors)}`);
  }

  /** Every deviceUpdated payload the service publishes from now until `stop()`. */
  function listenDeviceUpdated(): { received: DeviceUpdatedPayload[]; stop: () => Promise<void> } {
    const received: DeviceUpdatedPayload[] = [];
    const iterator = running().home.service.pubSub.subscribe(DEVICE_UPDATED)[Symbol.asyncIterator]();
    const reading = (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        received.push(next.value as DeviceUpdatedPayload);
      }
    })();
    return {
      received,
      stop: async () => {
        await iterator.return?.();
        await reading;
      },
    };
  }

  /** Device requests only: the periodic reachability check (`/modes`) is not what these tests are about. */
  const hubRequests = () =>
    running()
      .sim.requests.map((r) => r.url)
      .filter((u) => u.includes("/devices/"));

  beforeAll(async () => {
    const hub = await startHubSimulator(simulator);
    sim = hub;
    const service = await startSubgraphForTest((config: HomeConfig) => createApp(config, options), configFromEnv, {
      HUBITAT_HUB_IP: `127.0.0.1:${hub.port}`,
      HUBITAT_APP_ID: hub.appId,
      HUBITAT_ACCESS_TOKEN: hub.accessToken,
      HUBITAT_TIMEOUT_MS: "2000",
      HUB_PROBE_INTERVAL_MS: "250",
      // A function: what an earlier beforeAll started (a proxy in front) is known only then.
      ...(typeof env === "function" ? env() : env),
    });
    home = service;
    started({ sim: hub, home: service });
    await within(
      10_000,
      async () => (await service.sql(`select connected from home.hub_state`))[0]?.connected === true,
    );
  });
  afterAll(async () => {
    await home?.stop();
    await sim?.close();
  });
  beforeEach(async () => {
    await running().sim.flushed();
    await link().drain();
  });

  return { asMember, asAdmin, link, idOf, attribute, listenDeviceUpdated, hubRequests, grantDevice };
}
