import { useSyncExternalStore } from "react";

/** A yes/no of the UI's own (not server data, so not in Apollo's cache) that components can watch. */
export interface Flag {
  set(next: boolean): void;
  subscribe(listener: () => void): () => void;
  get(): boolean;
}

export function createFlag(initial: boolean): Flag {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    set(next) {
      if (next === value) return;
      value = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => value,
  };
}

export function useFlag(flag: Flag): boolean {
  return useSyncExternalStore(flag.subscribe, flag.get);
}
