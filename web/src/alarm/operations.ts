import { graphql } from "../gql";

// HSM as the alarm panel and the header's indicator read it, and its live updates.

export const ALARM_FIELDS = graphql(`
  fragment AlarmFields on Hub {
    hsmStatus
    hsmArmingSince
    hsmArmingUntil
    hsmAlert {
      kind
      at
      text
    }
  }
`);

export const ALARM_STATUS = graphql(`
  query AlarmStatus {
    hub {
      ...AlarmFields
    }
  }
`);

export const HSM_CHANGED = graphql(`
  subscription HsmChanged {
    hsmChanged {
      status
      armingSince
      armingUntil
      alert {
        kind
        at
        text
      }
    }
  }
`);
