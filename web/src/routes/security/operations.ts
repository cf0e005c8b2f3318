import { graphql } from "../../gql";

export const SecurityStatusQuery = graphql(`
  query SecurityStatus {
    mySecondFactor {
      totpEnabled
      recoveryCodesLeft
      required
      enrolBy
      passkeys {
        id
        name
        createdAt
        lastUsedAt
        backedUp
      }
    }
  }
`);

export const BeginTotpEnrollmentMutation = graphql(`
  mutation BeginTotpEnrollment {
    beginTotpEnrollment {
      secret
      otpauthUri
      qrCodeSvg
    }
  }
`);

export const ConfirmTotpEnrollmentMutation = graphql(`
  mutation ConfirmTotpEnrollment($code: String!) {
    confirmTotpEnrollment(code: $code) {
      enabled
      accessToken
      recoveryCodes
    }
  }
`);

export const DisableTotpMutation = graphql(`
  mutation DisableTotp {
    disableTotp
  }
`);

export const BeginPasskeyRegistrationMutation = graphql(`
  mutation BeginPasskeyRegistration {
    beginPasskeyRegistration {
      challengeId
      optionsJSON
      expiresAt
    }
  }
`);

export const FinishPasskeyRegistrationMutation = graphql(`
  mutation FinishPasskeyRegistration($challengeId: String!, $response: String!, $name: String) {
    finishPasskeyRegistration(challengeId: $challengeId, response: $response, name: $name) {
      id
      name
      createdAt
      lastUsedAt
      backedUp
    }
  }
`);

export const RenamePasskeyMutation = graphql(`
  mutation RenamePasskey($id: ID!, $name: String!) {
    renamePasskey(id: $id, name: $name) {
      id
      name
    }
  }
`);

export const RemovePasskeyMutation = graphql(`
  mutation RemovePasskey($id: ID!) {
    removePasskey(id: $id)
  }
`);

export const MySessionsQuery = graphql(`
  query MySessions {
    mySessions {
      id
      createdAt
      lastUsedAt
      expiresAt
      userAgent
      ip
      current
    }
  }
`);

export const RevokeSessionMutation = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);
