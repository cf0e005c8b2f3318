import { createFlag, useFlag } from "./flag";

// Whether the server answered the last time the app needed it: an app opened from the service
// worker's cache on a phone away from home has a network but not the household's server, and
// navigator.onLine says nothing about that.
export const serverReachability = createFlag(true);

export function useServerReachable(): boolean {
  return useFlag(serverReachability);
}
