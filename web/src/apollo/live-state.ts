import { createFlag, useFlag } from "../lib/flag";

// Whether the subscription socket is connected: UI state, not server state, so not in the cache.
export const liveState = createFlag(true);

export function useLiveConnected(): boolean {
  return useFlag(liveState);
}
