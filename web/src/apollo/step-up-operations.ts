import { graphql } from "../gql";

export const MySecondFactorQuery = graphql(`
  query MySecondFactor {
    mySecondFactor {
      totpEnabled
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
