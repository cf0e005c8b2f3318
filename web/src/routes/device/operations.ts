import { graphql } from "../../gql";

export const DEVICE_DETAIL = graphql(`
  query DeviceDetail($id: ID!, $limit: Int!) {
    device(id: $id) {
      ...DeviceFields
      name
      hubDeviceId
      lastChangedAt
      lastChangedBy {
        id
        displayName
      }
      attributes {
        name
        updatedAt
      }
      commands {
        name
        argTypes
      }
    }
    deviceEvents(deviceId: $id, limit: $limit) {
      ...DeviceEventFields
    }
  }
`);

export const DEVICE_EVENT_FIELDS = graphql(`
  fragment DeviceEventFields on DeviceEvent {
    id
    name
    value
    unit
    source
    description
    createdAt
    changedBy {
      id
      displayName
    }
  }
`);

export const DEVICE_EVENT = graphql(`
  subscription DeviceEventAdded($deviceId: ID!) {
    deviceEvent(deviceId: $deviceId) {
      ...DeviceEventFields
    }
  }
`);
