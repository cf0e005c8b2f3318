// The notifications' side of the tests' gateway double: a person's notifications, settings and
// push subscriptions as the email subgraph would keep them (the notifications contract), and
// handlers by operation name that read and change them.
import { NOTIFICATION_KINDS, type Notification, type NotificationSettings, type WebPushSubscription } from "./types";

export function notificationAt(id: number, fields: Partial<Notification> = {}): Notification {
  return {
    __typename: "Notification",
    id: String(id),
    kind: "DEVICE_HEALTH",
    severity: "WARNING",
    title: `Notification ${id}`,
    body: `What happened, number ${id}`,
    url: `/devices/${id}`,
    createdAt: new Date(Date.now() - id * 60_000).toISOString(),
    readAt: null,
    ...fields,
  };
}

export function notificationsHousehold(count = 3, unread = count) {
  const items = Array.from({ length: count }, (_, i) =>
    notificationAt(i + 1, { readAt: i < unread ? null : new Date().toISOString() }),
  );
  const settings: NotificationSettings = {
    __typename: "NotificationSettings",
    routes: NOTIFICATION_KINDS.map((kind) => ({
      __typename: "NotificationRoute",
      kind,
      channels: kind === "ALARM" ? ["IN_APP", "PUSH", "EMAIL"] : ["IN_APP"],
    })),
    quietHours: { __typename: "QuietHours", enabled: false, start: "22:00", end: "07:00", timeZone: "UTC" },
  };
  const subscriptions: WebPushSubscription[] = [];
  const state = {
    items,
    settings,
    subscriptions,
    publicKey: "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U",
  };

  const handlers = {
    UnreadNotificationCount: () => ({ unreadNotificationCount: state.items.filter((n) => !n.readAt).length }),
    Notifications: (v: Record<string, any>) => {
      const page = v.page?.page ?? 1;
      const pageSize = v.page?.pageSize ?? 20;
      const list = state.items.filter((n) => !v.unreadOnly || !n.readAt);
      return {
        notifications: {
          __typename: "NotificationPage",
          items: list.slice((page - 1) * pageSize, page * pageSize),
          total: list.length,
          page,
          pageSize,
        },
      };
    },
    MarkNotificationRead: (v: Record<string, any>) => {
      const n = state.items.find((i) => i.id === v.id)!;
      n.readAt ??= new Date().toISOString();
      return { markNotificationRead: n };
    },
    MarkAllNotificationsRead: () => {
      const unreadOnes = state.items.filter((n) => !n.readAt);
      for (const n of unreadOnes) n.readAt = new Date().toISOString();
      return { markAllNotificationsRead: unreadOnes.length };
    },
    MyNotificationSettings: () => ({ myNotificationSettings: state.settings }),
    SetNotificationRoute: (v: Record<string, any>) => {
      state.settings = {
        ...state.settings,
        routes: state.settings.routes.map((r) => (r.kind === v.kind ? { ...r, channels: v.channels } : r)),
      };
      return { setNotificationRoute: state.settings };
    },
    SetQuietHours: (v: Record<string, any>) => {
      state.settings = { ...state.settings, quietHours: { __typename: "QuietHours", ...v.input } };
      return { setQuietHours: state.settings };
    },
    PushSubscriptions: () => ({ webPushPublicKey: state.publicKey, myPushSubscriptions: state.subscriptions }),
    AddPushSubscription: (v: Record<string, any>) => {
      const added: WebPushSubscription = {
        __typename: "WebPushSubscription",
        id: String(100 + state.subscriptions.length),
        userAgent: v.userAgent ?? null,
        createdAt: new Date().toISOString(),
        lastSuccessAt: null,
      };
      state.subscriptions = [...state.subscriptions, added];
      return { addPushSubscription: added };
    },
    RemovePushSubscription: (v: Record<string, any>) => {
      state.subscriptions = state.subscriptions.filter((s) => s.id !== v.id);
      return { removePushSubscription: true };
    },
  };
  return { state, handlers };
}
