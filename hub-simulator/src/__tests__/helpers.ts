import type { RunningSimulator } from "../app";

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
