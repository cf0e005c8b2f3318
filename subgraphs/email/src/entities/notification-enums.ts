import { registerEnumType } from "type-graphql";

export enum NotificationKind {
  SECURITY = "SECURITY",
  ALARM = "ALARM",
  AUTOMATION = "AUTOMATION",
  DEVICE_HEALTH = "DEVICE_HEALTH",
  DIGEST = "DIGEST",
  SYSTEM = "SYSTEM",
}
registerEnumType(NotificationKind, {
  name: "NotificationKind",
  description: "What a notification is about; each person routes each kind to their channels.",
});

export enum NotificationSeverity {
  INFO = "INFO",
  WARNING = "WARNING",
  CRITICAL = "CRITICAL",
}
registerEnumType(NotificationSeverity, {
  name: "NotificationSeverity",
  description: "How urgent a notification is: decides a push's urgency and how long a push service keeps it.",
});

export enum NotificationChannel {
  IN_APP = "IN_APP",
  PUSH = "PUSH",
  EMAIL = "EMAIL",
}
registerEnumType(NotificationChannel, {
  name: "NotificationChannel",
  description: "Where a notification reaches a person: the app's inbox, their browsers' push, their mail.",
});

/** Who gets a kind when they chose nothing: urgent things everywhere, routine things in the app. */
export const DEFAULT_ROUTES: Record<NotificationKind, NotificationChannel[]> = {
  [NotificationKind.SECURITY]: [NotificationChannel.IN_APP, NotificationChannel.PUSH, NotificationChannel.EMAIL],
  [NotificationKind.ALARM]: [NotificationChannel.IN_APP, NotificationChannel.PUSH, NotificationChannel.EMAIL],
  [NotificationKind.AUTOMATION]: [NotificationChannel.IN_APP, NotificationChannel.PUSH],
  [NotificationKind.DEVICE_HEALTH]: [NotificationChannel.IN_APP, NotificationChannel.PUSH],
  [NotificationKind.DIGEST]: [NotificationChannel.EMAIL],
  [NotificationKind.SYSTEM]: [NotificationChannel.IN_APP],
};

/** Kinds that go out on push and mail even during a person's quiet hours. */
export const BREAKS_QUIET_HOURS = new Set([NotificationKind.SECURITY, NotificationKind.ALARM]);
