// The notifications' shapes as the screens and their test fixtures use them, the same as the
// generated operation types give them (src/gql), kept here so a fixture needs no operation type.

export type NotificationKind = "SECURITY" | "ALARM" | "AUTOMATION" | "DEVICE_HEALTH" | "DIGEST" | "SYSTEM";
export type NotificationSeverity = "INFO" | "WARNING" | "CRITICAL";
export type NotificationChannel = "IN_APP" | "PUSH" | "EMAIL";

export const NOTIFICATION_KINDS: NotificationKind[] = [
  "SECURITY",
  "ALARM",
  "AUTOMATION",
  "DEVICE_HEALTH",
  "DIGEST",
  "SYSTEM",
];
export const NOTIFICATION_CHANNELS: NotificationChannel[] = ["IN_APP", "PUSH", "EMAIL"];

export interface Notification {
  __typename: "Notification";
  id: string;
  kind: NotificationKind;
  severity: NotificationSeverity;
  title: string;
  body: string;
  /** An app path such as /devices/71. */
  url: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  __typename: "NotificationPage";
  items: Notification[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageInput {
  page?: number;
  pageSize?: number;
}

export interface NotificationRoute {
  __typename: "NotificationRoute";
  kind: NotificationKind;
  channels: NotificationChannel[];
}

export interface QuietHours {
  __typename: "QuietHours";
  enabled: boolean;
  /** "22:00" */
  start: string;
  /** "07:00" */
  end: string;
  /** An IANA zone. */
  timeZone: string;
}

export type QuietHoursInput = Omit<QuietHours, "__typename">;

export interface NotificationSettings {
  __typename: "NotificationSettings";
  routes: NotificationRoute[];
  quietHours: QuietHours;
}

export interface WebPushSubscription {
  __typename: "WebPushSubscription";
  id: string;
  userAgent: string | null;
  createdAt: string;
  lastSuccessAt: string | null;
}

export interface AddPushSubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent?: string | null;
}
