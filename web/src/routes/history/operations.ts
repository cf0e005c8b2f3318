import { graphql } from "../../gql";

export const HISTORY_DEVICES = graphql(`
  query HistoryDevices {
    devices {
      id
      label
      room
      attributes {
        name
        dataType
        unit
      }
      historyRetention {
        eventDays
        rollupDays
      }
    }
  }
`);

export const DEVICE_HISTORY = graphql(`
  query DeviceHistory(
    $deviceId: ID!
    $attribute: String!
    $from: DateTimeISO!
    $to: DateTimeISO
    $resolution: HistoryResolution
  ) {
    deviceHistory(deviceId: $deviceId, attribute: $attribute, from: $from, to: $to, resolution: $resolution) {
      attribute
      unit
      resolution
      from
      to
      points {
        at
        count
        min
        max
        mean
        increase
      }
    }
  }
`);
