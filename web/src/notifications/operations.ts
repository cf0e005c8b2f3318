import { graphql } from "../gql";

// The notifications' GraphQL documents (email subgraph), typed by codegen like every other screen's.
// Only lazily loaded chunks import this file: the documents stay out of the first load.

export const NOTIFICATION_FIELDS = graphql(`
  fragment NotificationFields on Notification {
    id
    kind
    severity
    title
    body
    url
    createdAt
    readAt
  }
`);

export const UNREAD_NOTIFICATION_COUNT = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

export const NOTIFICATIONS = graphql(`
  query Notifications($page: PageInput, $unreadOnly: Boolean) {
    notifications(page: $page, unreadOnly: $unreadOnly) {
      items {
        ...NotificationFields
      }
      total
      page
      pageSize
    }
  }
`);

export const NOTIFICATION_RECEIVED = graphql(`
  subscription NotificationReceived {
    notificationReceived {
      ...NotificationFields
    }
  }
`);

export const MARK_NOTIFICATION_READ = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      ...NotificationFields
    }
  }
`);

export const MARK_ALL_NOTIFICATIONS_READ = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

export const SETTINGS_FIELDS = graphql(`
  fragment NotificationSettingsFields on NotificationSettings {
    routes {
      kind
      channels
    }
    quietHours {
      enabled
      start
      end
      timeZone
    }
  }
`);

export const MY_NOTIFICATION_SETTINGS = graphql(`
  query MyNotificationSettings {
    myNotificationSettings {
      ...NotificationSettingsFields
    }
  }
`);

export const SET_NOTIFICATION_ROUTE = graphql(`
  mutation SetNotificationRoute($kind: NotificationKind!, $channels: [NotificationChannel!]!) {
    setNotificationRoute(kind: $kind, channels: $channels) {
      ...NotificationSettingsFields
    }
  }
`);

export const SET_QUIET_HOURS = graphql(`
  mutation SetQuietHours($input: QuietHoursInput!) {
    setQuietHours(input: $input) {
      ...NotificationSettingsFields
    }
  }
`);

export const PUSH_SUBSCRIPTION_FIELDS = graphql(`
  fragment WebPushSubscriptionFields on WebPushSubscription {
    id
    userAgent
    createdAt
    lastSuccessAt
  }
`);

export const PUSH_SUBSCRIPTIONS = graphql(`
  query PushSubscriptions {
    webPushPublicKey
    myPushSubscriptions {
      ...WebPushSubscriptionFields
    }
  }
`);

export const ADD_PUSH_SUBSCRIPTION = graphql(`
  mutation AddPushSubscription($endpoint: String!, $p256dh: String!, $auth: String!, $userAgent: String) {
    addPushSubscription(input: { endpoint: $endpoint, p256dh: $p256dh, auth: $auth, userAgent: $userAgent }) {
      ...WebPushSubscriptionFields
    }
  }
`);

export const REMOVE_PUSH_SUBSCRIPTION = graphql(`
  mutation RemovePushSubscription($id: ID!) {
    removePushSubscription(id: $id)
  }
`);
