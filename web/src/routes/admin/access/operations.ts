import { graphql } from "../../../gql";

export const PERSON_ACCESS_FIELDS = graphql(`
  fragment PersonAccessFields on HomeAccess {
    userId
    role
    validUntil
    rooms {
      room
      level
      granted
    }
    devices {
      deviceId
      level
      secure
      source
      granted
    }
    capabilities {
      capability
      level
      source
      granted
    }
  }
`);

export const ACCESS_MATRIX = graphql(`
  query AccessMatrix {
    accessMatrix {
      rooms {
        name
        devices {
          secure
          device {
            id
            label
          }
        }
      }
      roleDefaults {
        role
        ordinary
        secure
      }
      people {
        id
        displayName
        role
        homeAccess {
          ...PersonAccessFields
        }
      }
    }
  }
`);

export const SET_ROOM_ACCESS = graphql(`
  mutation SetRoomAccess($userId: ID!, $room: String!, $level: AccessLevel) {
    setRoomAccess(userId: $userId, room: $room, level: $level) {
      id
      homeAccess {
        ...PersonAccessFields
      }
    }
  }
`);

export const SET_DEVICE_ACCESS = graphql(`
  mutation SetDeviceAccess($userId: ID!, $deviceId: ID!, $level: AccessLevel) {
    setDeviceAccess(userId: $userId, deviceId: $deviceId, level: $level) {
      id
      homeAccess {
        ...PersonAccessFields
      }
    }
  }
`);

export const SET_ROLE_ACCESS_DEFAULTS = graphql(`
  mutation SetRoleAccessDefaults($role: Role!, $ordinary: AccessLevel!, $secure: AccessLevel!) {
    setRoleAccessDefaults(role: $role, ordinary: $ordinary, secure: $secure) {
      role
      ordinary
      secure
    }
  }
`);

export const SET_CAPABILITY_ACCESS = graphql(`
  mutation SetCapabilityAccess($userId: ID!, $capability: SecureCapability!, $level: AccessLevel) {
    setCapabilityAccess(userId: $userId, capability: $capability, level: $level) {
      id
      homeAccess {
        ...PersonAccessFields
      }
    }
  }
`);
