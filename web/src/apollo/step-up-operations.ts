import { graphql } from "../gql";

export const MySecondFactorQuery = graphql(`
  query MySecondFactor {
    mySecondFactor {
      totpEnabled
      passkeys {
        id
      }
    }
  }
`);

export const StepUpMutation = graphql(`
  mutation StepUp($password: String, $code: String, $recoveryCode: String) {
    stepUp(password: $password, code: $code, recoveryCode: $recoveryCode) {
      accessToken
      expiresAt
      stepUpAt
    }
  }
`);

export const BeginPasskeyStepUpMutation = graphql(`
  mutation BeginPasskeyStepUp {
    beginPasskeyStepUp {
      challengeId
      optionsJSON
    }
  }
`);

export const FinishPasskeyStepUpMutation = graphql(`
  mutation FinishPasskeyStepUp($challengeId: String!, $response: String!) {
    finishPasskeyStepUp(challengeId: $challengeId, response: $response) {
      accessToken
      expiresAt
      stepUpAt
    }
  }
`);
