import { useSyncExternalStore } from "react";

// Whether the server answered the last time the app needed it: an app opened from the service
// worker's cache on a phone away from home has a network but not the household's server, and
// navigator.onLine says nothing about that. UI state, so not in Apollo's cache.
let reachable = true;
const listeners = new Set<() => void>();

export const serverReachability = {
  set(next: boolean) {
    if (next === reachable) return;
    reachable = next;
    for (const l of listeners) l();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: () => reachable,
};

export function useServerReachable(): boolean {
  return useSyncExternalStore(serverReachability.subscribe, serverReachability.get);
}
