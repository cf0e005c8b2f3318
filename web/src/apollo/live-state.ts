import { useSyncExternalStore } from "react";

// Whether the subscription socket is connected: UI state, not server state, so not in the cache.
let connected = true;
const listeners = new Set<() => void>();

export const liveState = {
  set(next: boolean) {
    if (next === connected) return;
    connected = next;
    for (const l of listeners) l();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: () => connected,
};

export function useLiveConnected(): boolean {
  return useSyncExternalStore(liveState.subscribe, liveState.get);
}
