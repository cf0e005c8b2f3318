import { graphql } from "../../gql";

export const ALARM_PANEL = graphql(`
  query AlarmPanel {
    hub {
      configured
      connected
      problem
      myAccess {
        hsm
      }
      ...AlarmFields
    }
  }
`);

export const ALARM_HISTORY = graphql(`
  query AlarmHistory {
    hsmHistory(limit: 20) {
      kind
      value
      text
      at
    }
  }
`);

export const SET_ALARM = graphql(`
  mutation SetAlarm($value: HsmCommand!) {
    setHsm(value: $value) {
      ...AlarmFields
    }
  }
`);
