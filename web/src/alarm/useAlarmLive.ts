import { useApolloClient, useSubscription } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { ALARM_FIELDS, HSM_CHANGED } from "./operations";

/**
 * Keeps the hub's HSM fields in the cache current from `hsmChanged`: every screen reading them
 * (the header's indicator, the alarm panel) re-renders by itself. `onChange` hears each update.
 */
export function useAlarmLive(onChange?: () => void): void {
  const client = useApolloClient();
  useSubscription(HSM_CHANGED, {
    onData: ({ data: { data } }) => {
      const change = data?.hsmChanged;
      if (!change) return;
      client.cache.writeFragment({
        id: "Hub:{}",
        fragment: ALARM_FIELDS,
        data: {
          __typename: "Hub",
          hsmStatus: change.status ?? null,
          hsmArmingSince: change.armingSince ?? null,
          hsmArmingUntil: change.armingUntil ?? null,
          hsmAlert: change.alert ? { ...change.alert, __typename: "HsmAlert" } : null,
        },
      });
      onChange?.();
    },
  });
}

/** The time now, every `everyMs` while `active`: enough for a countdown to tick. */
export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // The time may be old when counting starts: read it again on the next tick, then every step.
    const first = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active, everyMs]);
  return now;
}
