import { graphql } from "../../gql";

export const ProfileQuery = graphql(`
  query Profile {
    me {
      id
      email
      displayName
      role
      createdAt
    }
    myEmailPreferences {
      userId
      notificationsEnabled
      digest
      updatedAt
    }
  }
`);

export const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      displayName
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export const UpdateEmailPreferencesMutation = graphql(`
  mutation UpdateEmailPreferences($input: UpdateEmailPreferencesInput!) {
    updateEmailPreferences(input: $input) {
      userId
      notificationsEnabled
      digest
      updatedAt
    }
  }
`);
