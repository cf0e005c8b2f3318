import type { NotificationChannel, NotificationKind, NotificationSeverity } from "./types";

// How the notifications read on screen: names for the contract's kinds and channels, colours.

export const KIND_LABELS: Record<NotificationKind, string> = {
  SECURITY: "Security",
  ALARM: "Alarm",
  AUTOMATION: "Automations",
  DEVICE_HEALTH: "Device health",
  DIGEST: "Digest",
  SYSTEM: "System",
};

/** What each kind is about, under its name in the routing table. */
export const KIND_DESCRIPTIONS: Record<NotificationKind, string> = {
  SECURITY: "New sign-ins, password and second-factor changes",
  ALARM: "The alarm's alerts, arming and disarming",
  AUTOMATION: "Messages your automations send",
  DEVICE_HEALTH: "Devices offline, low batteries, stale readings",
  DIGEST: "The summary of the household's activity",
  SYSTEM: "Backups, updates and the server's own news",
};

export const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  IN_APP: "In the app",
  PUSH: "Push",
  EMAIL: "Email",
};

export const SEVERITY_COLORS: Record<NotificationSeverity, string> = {
  INFO: "teal",
  WARNING: "orange",
  CRITICAL: "red",
};

/** The badge's text: a big number does not widen the header. */
export function countLabel(count: number): string {
  return count > 99 ? "99+" : String(count);
}

/** The bell's name for a screen reader. */
export function bellLabel(count: number | undefined): string {
  if (!count) return "Notifications";
  return `Notifications: ${count} unread`;
}
