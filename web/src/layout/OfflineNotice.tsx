import { Alert } from "@mantine/core";
import { useSyncExternalStore } from "react";
import { useServerReachable } from "../lib/reachability";

function subscribe(listener: () => void) {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine);
}

/**
 * Said on every screen while the device has no network or the server did not answer: the app
 * itself opens from the service worker's cache, but the household's data and signing in need it.
 */
export function OfflineNotice() {
  const online = useOnline();
  const reachable = useServerReachable();
  if (online && reachable) return null;
  return (
    <Alert color="gray" variant="light" mb="md" role="status" data-testid="offline-notice" title="You're offline">
      Homegraph opened from this device, but it cannot reach your home's server. Devices, the alarm and sign-in come
      back when the connection does.
    </Alert>
  );
}
