// Topic and payload of `notificationReceived`: published on `topic:userId` once a notification's row
// has committed, so each person's subscribers (on every replica, through Redis) hear only their own.
// Payloads cross Redis as JSON, so dates travel as ISO strings.
import type { ServicePubSub } from "@homegraph/common";
import type { NotificationKind, NotificationSeverity } from "../entities/notification-enums.js";

export const NOTIFICATION_RECEIVED = "email.notificationReceived";

export interface NotificationPayload {
  id: string;
  userId: number;
  kind: NotificationKind;
  severity: NotificationSeverity;
  title: string;
  body: string;
  url: string | null;
  createdAt: string;
}

export function publishNotification(pubSub: ServicePubSub, payload: NotificationPayload): void {
  pubSub.publish(NOTIFICATION_RECEIVED, String(payload.userId), payload);
}
