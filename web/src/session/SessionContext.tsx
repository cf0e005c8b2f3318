import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import { sessionStore, type SessionState, type SessionStore } from "./store";

const StoreContext = createContext<SessionStore>(sessionStore);

export function SessionProvider({ store, children }: { store: SessionStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useSessionStore(): SessionStore {
  return useContext(StoreContext);
}

/** The session's state; re-renders on sign-in, sign-out and a changed user. */
export function useSession(): SessionState & { isAdmin: boolean } {
  const store = useSessionStore();
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { ...state, isAdmin: state.user?.role === "ADMIN" };
}
