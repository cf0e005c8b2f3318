import { graphql } from "../../gql";

export const UsersQuery = graphql(`
  query AdminUsers($search: String, $page: PageInput) {
    users(search: $search, page: $page) {
      items {
        id
        email
        displayName
        role
        createdAt
        disabledAt
        emailVerifiedAt
      }
      total
      page
      pageSize
    }
  }
`);

export const InviteUserMutation = graphql(`
  mutation InviteUser($email: String!, $displayName: String, $role: Role!) {
    inviteUser(email: $email, displayName: $displayName, role: $role) {
      id
      email
      displayName
      role
    }
  }
`);

export const SetUserRoleMutation = graphql(`
  mutation SetUserRole($id: ID!, $role: Role!) {
    setUserRole(id: $id, role: $role) {
      id
      role
    }
  }
`);

export const DisableUserMutation = graphql(`
  mutation DisableUser($id: ID!) {
    disableUser(id: $id) {
      id
      disabledAt
    }
  }
`);

export const EnableUserMutation = graphql(`
  mutation EnableUser($id: ID!) {
    enableUser(id: $id) {
      id
      disabledAt
    }
  }
`);

export const SystemSettingsQuery = graphql(`
  query SystemSettings {
    systemSettings {
      key
      value
      defaultValue
      type
      description
      min
      max
      choices
      updatedAt
    }
  }
`);

export const SetSystemSettingMutation = graphql(`
  mutation SetSystemSetting($key: String!, $value: String!) {
    setSystemSetting(key: $key, value: $value) {
      key
      value
      updatedAt
    }
  }
`);

export const AdminHubsQuery = graphql(`
  query AdminHubs {
    hubs {
      name
      primary
      configured
      connected
      problem
      lastEventAt
      lastSyncAt
      drift {
        attributeValue
        label
        room
        removed
        returned
        added
        corrections
        lastReconciledAt
      }
    }
  }
`);

export const ReconcileHubMutation = graphql(`
  mutation ReconcileHub($hub: String) {
    reconcileHub(hub: $hub) {
      at
      devicesChecked
      corrections
      ms
      byKind {
        attributeValue
        label
        room
        removed
        returned
        added
      }
    }
  }
`);

export const NotificationRetentionQuery = graphql(`
  query NotificationRetention {
    notificationRetentionDays
  }
`);

export const SetNotificationRetentionMutation = graphql(`
  mutation SetNotificationRetention($days: Int!) {
    setNotificationRetentionDays(days: $days)
  }
`);
