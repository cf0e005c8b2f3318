// The notifications contract's GraphQL types (email subgraph), written by hand until the server's
// schema is in schema/supergraph.graphql: then `npm run codegen` gives the same names in src/gql,
// operations.ts moves to graphql(`...`) and these give way to the generated ones. Keep them
// exactly as the contract says.

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

// Each operation's answer and variables, named as codegen would name them.
export type UnreadNotificationCountQuery = { unreadNotificationCount: number };
export type NotificationsQuery = { notifications: NotificationPage };
export type NotificationsQueryVariables = { page?: PageInput; unreadOnly?: boolean };
export type NotificationReceivedSubscription = { notificationReceived: Notification };
export type MarkNotificationReadMutation = { markNotificationRead: Notification };
export type MarkNotificationReadMutationVariables = { id: string };
export type MarkAllNotificationsReadMutation = { markAllNotificationsRead: number };
export type MyNotificationSettingsQuery = { myNotificationSettings: NotificationSettings };
export type SetNotificationRouteMutation = { setNotificationRoute: NotificationSettings };
export type SetNotificationRouteMutationVariables = { kind: NotificationKind; channels: NotificationChannel[] };
export type SetQuietHoursMutation = { setQuietHours: NotificationSettings };
export type SetQuietHoursMutationVariables = { input: QuietHoursInput };
export type PushSubscriptionsQuery = { webPushPublicKey: string; myPushSubscriptions: WebPushSubscription[] };
export type AddPushSubscriptionMutation = { addPushSubscription: WebPushSubscription };
// The input spelled out: the contract does not name its input type.
export type AddPushSubscriptionMutationVariables = AddPushSubscriptionInput;
export type RemovePushSubscriptionMutation = { removePushSubscription: boolean };
export type RemovePushSubscriptionMutationVariables = { id: string };
export type NoVariables = Record<string, never>;
