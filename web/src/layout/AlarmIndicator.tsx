import { useQuery } from "@apollo/client/react";
import { Badge, Box, useMatches } from "@mantine/core";
import { NavLink as RouterLink } from "react-router";
import { alertLabel, shortStatusLabel, statusLabel, toneOf, TONE_COLORS } from "../alarm/model";
import { ALARM_STATUS } from "../alarm/operations";
import { useAlarmLive } from "../alarm/useAlarmLive";

/** A missed event (the socket was away) is caught up with this often. */
const POLL_MS = 60_000;

/** HSM's status in the header of every screen, red while an alert is in force; opens the alarm panel. */
export function AlarmIndicator() {
  const { data } = useQuery(ALARM_STATUS, { pollInterval: POLL_MS });
  // A phone's header is tight: a smaller badge leaves "Sign out" its whole width.
  const size = useMatches({ base: "md", sm: "lg" });
  useAlarmLive();
  const hub = data?.hub;
  // No HSM on the hub (or not read yet): nothing to show.
  if (!hub || (!hub.hsmStatus && !hub.hsmAlert)) return null;
  const alert = hub.hsmAlert;
  const tone = toneOf(hub.hsmStatus, !!alert);
  const full = alert ? `Alert: ${alertLabel(alert.kind)}` : statusLabel(hub.hsmStatus);
  return (
    <Badge
      component={RouterLink}
      to="/alarm"
      color={TONE_COLORS[tone]}
      variant={alert ? "filled" : "light"}
      size={size}
      style={{ cursor: "pointer", flexShrink: 0 }}
      aria-label={`Alarm: ${full}. Open the alarm panel`}
      data-testid="alarm-indicator"
      data-tone={tone}
    >
      <Box component="span" hiddenFrom="sm" aria-hidden>
        {alert ? "Alert" : shortStatusLabel(hub.hsmStatus)}
      </Box>
      <Box component="span" visibleFrom="sm" aria-hidden>
        {full}
      </Box>
    </Badge>
  );
}
