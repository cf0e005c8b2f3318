import { startEventReceiver, startHubSimulator, type EventReceiver } from "../../../test/support/hub-simulator";
import type { RunningSimulator } from "../app";
import type { SimulatorConfig } from "../config";

/** Maker API calls as the home service makes them, the token in the query; `json` expects a 200. */
export function makerApiClient(sim: () => RunningSimulator) {
  const api = (path: string, token = sim().accessToken) =>
    fetch(`${sim().makerApiUrl}${path}${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(token)}`);
  const json = async (path: string) => {
    const res = await api(path);
    expect(res.status).toBe(200);
    return JSON.parse(await res.text());
  };
  return { api, json };
}

/** A quiet simulator and a receiver for its event POSTs, for the whole file; `started` hands both over. */
export function useSimulatorAndReceiver(
  started: (sim: RunningSimulator, receiver: EventReceiver) => void,
  overrides: Partial<SimulatorConfig> = {},
): void {
  let sim: RunningSimulator | undefined;
  let receiver: EventReceiver | undefined;
  beforeAll(async () => {
    sim = await startHubSimulator(overrides);
    receiver = await startEventReceiver();
    started(sim, receiver);
  });
  afterAll(async () => {
    await sim?.close();
    await receiver?.close();
  });
}
