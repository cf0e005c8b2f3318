import { gql, type TypedDocumentNode } from "@apollo/client";
import type * as T from "./types";

// The notifications' GraphQL documents, against the notifications contract (email subgraph).
// Until the server's schema is in schema/supergraph.graphql they are plain `gql` (parsed in the
// browser, typed by ./types) and codegen skips this file (codegen.ts): at the merge they become
// graphql(`...`) calls like every other screen's, and join the trusted documents.
// Only lazily loaded chunks import this file: the parser never reaches the first load.

const NOTIFICATION_FIELDS = `
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
`;

export const UNREAD_NOTIFICATION_COUNT: TypedDocumentNode<T.UnreadNotificationCountQuery, T.NoVariables> = gql`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`;

export const NOTIFICATIONS: TypedDocumentNode<T.NotificationsQuery, T.NotificationsQueryVariables> = gql`
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
  ${NOTIFICATION_FIELDS}
`;

export const NOTIFICATION_RECEIVED: TypedDocumentNode<T.NotificationReceivedSubscription, T.NoVariables> = gql`
  subscription NotificationReceived {
    notificationReceived {
      ...NotificationFields
    }
  }
  ${NOTIFICATION_FIELDS}
`;

export const MARK_NOTIFICATION_READ: TypedDocumentNode<
  T.MarkNotificationReadMutation,
  T.MarkNotificationReadMutationVariables
> = gql`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      ...NotificationFields
    }
  }
  ${NOTIFICATION_FIELDS}
`;

export const MARK_ALL_NOTIFICATIONS_READ: TypedDocumentNode<T.MarkAllNotificationsReadMutation, T.NoVariables> = gql`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`;

const SETTINGS_FIELDS = `
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
`;

export const MY_NOTIFICATION_SETTINGS: TypedDocumentNode<T.MyNotificationSettingsQuery, T.NoVariables> = gql`
  query MyNotificationSettings {
    myNotificationSettings {
      ...NotificationSettingsFields
    }
  }
  ${SETTINGS_FIELDS}
`;

export const SET_NOTIFICATION_ROUTE: TypedDocumentNode<
  T.SetNotificationRouteMutation,
  T.SetNotificationRouteMutationVariables
> = gql`
  mutation SetNotificationRoute($kind: NotificationKind!, $channels: [NotificationChannel!]!) {
    setNotificationRoute(kind: $kind, channels: $channels) {
      ...NotificationSettingsFields
    }
  }
  ${SETTINGS_FIELDS}
`;

export const SET_QUIET_HOURS: TypedDocumentNode<T.SetQuietHoursMutation, T.SetQuietHoursMutationVariables> = gql`
  mutation SetQuietHours($input: QuietHoursInput!) {
    setQuietHours(input: $input) {
      ...NotificationSettingsFields
    }
  }
  ${SETTINGS_FIELDS}
`;

const PUSH_SUBSCRIPTION_FIELDS = `
  fragment WebPushSubscriptionFields on WebPushSubscription {
    id
    userAgent
    createdAt
    lastSuccessAt
  }
`;

export const PUSH_SUBSCRIPTIONS: TypedDocumentNode<T.PushSubscriptionsQuery, T.NoVariables> = gql`
  query PushSubscriptions {
    webPushPublicKey
    myPushSubscriptions {
      ...WebPushSubscriptionFields
    }
  }
  ${PUSH_SUBSCRIPTION_FIELDS}
`;

export const ADD_PUSH_SUBSCRIPTION: TypedDocumentNode<
  T.AddPushSubscriptionMutation,
  T.AddPushSubscriptionMutationVariables
> = gql`
  mutation AddPushSubscription($endpoint: String!, $p256dh: String!, $auth: String!, $userAgent: String) {
    addPushSubscription(input: { endpoint: $endpoint, p256dh: $p256dh, auth: $auth, userAgent: $userAgent }) {
      ...WebPushSubscriptionFields
    }
  }
  ${PUSH_SUBSCRIPTION_FIELDS}
`;

export const REMOVE_PUSH_SUBSCRIPTION: TypedDocumentNode<
  T.RemovePushSubscriptionMutation,
  T.RemovePushSubscriptionMutationVariables
> = gql`
  mutation RemovePushSubscription($id: ID!) {
    removePushSubscription(id: $id)
  }
`;
