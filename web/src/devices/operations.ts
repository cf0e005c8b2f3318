import { graphql } from "../gql";

// The device operations the dashboard and the device screen share. Every mutation answers with the
// whole DeviceFields selection, so the cache (and an optimistic answer) replaces the device at once.

export const DEVICE_FIELDS = graphql(`
  fragment DeviceFields on Device {
    id
    label
    room
    type
    capabilities
    stale
    online
    removed
    removedAt
    favorite
    myAccess
    lastEventAt
    pendingCommands {
      name
      queuedAt
      sending
    }
    attributes {
      name
      value
      dataType
      values
      unit
      updatedAt
    }
  }
`);

export const DASHBOARD = graphql(`
  query Dashboard {
    devices {
      ...DeviceFields
    }
    hub {
      configured
      connected
      problem
      mode
      modes {
        id
        name
      }
      hsmStatus
      myAccess {
        hsm
        mode
      }
    }
  }
`);

export const HUB_STATUS = graphql(`
  query HubStatus {
    hub {
      configured
      connected
      problem
      mode
      hsmStatus
    }
  }
`);

export const DEVICE_UPDATED = graphql(`
  subscription DeviceUpdated($deviceIds: [ID!]) {
    deviceUpdated(deviceIds: $deviceIds) {
      ...DeviceFields
    }
  }
`);

export const HUB_MODE_CHANGED = graphql(`
  subscription HubModeChanged {
    hubModeChanged
  }
`);

export const HSM_STATUS_CHANGED = graphql(`
  subscription HsmStatusChanged {
    hsmStatusChanged
  }
`);

export const SET_SWITCH = graphql(`
  mutation SetSwitch($deviceId: ID!, $on: Boolean!) {
    setSwitch(deviceId: $deviceId, on: $on) {
      ...DeviceFields
    }
  }
`);

export const SET_LEVEL = graphql(`
  mutation SetLevel($deviceId: ID!, $level: Int!) {
    setLevel(deviceId: $deviceId, level: $level) {
      ...DeviceFields
    }
  }
`);

export const SET_COLOR = graphql(`
  mutation SetColor($deviceId: ID!, $hue: Int!, $saturation: Int!, $level: Int) {
    setColor(deviceId: $deviceId, hue: $hue, saturation: $saturation, level: $level) {
      ...DeviceFields
    }
  }
`);

export const LOCK = graphql(`
  mutation Lock($deviceId: ID!) {
    lock(deviceId: $deviceId) {
      ...DeviceFields
    }
  }
`);

export const UNLOCK = graphql(`
  mutation Unlock($deviceId: ID!) {
    unlock(deviceId: $deviceId) {
      ...DeviceFields
    }
  }
`);

export const SET_HEATING_SETPOINT = graphql(`
  mutation SetHeatingSetpoint($deviceId: ID!, $temperature: Float!) {
    setHeatingSetpoint(deviceId: $deviceId, temperature: $temperature) {
      ...DeviceFields
    }
  }
`);

export const SET_COOLING_SETPOINT = graphql(`
  mutation SetCoolingSetpoint($deviceId: ID!, $temperature: Float!) {
    setCoolingSetpoint(deviceId: $deviceId, temperature: $temperature) {
      ...DeviceFields
    }
  }
`);

export const SET_THERMOSTAT_MODE = graphql(`
  mutation SetThermostatMode($deviceId: ID!, $mode: String!) {
    setThermostatMode(deviceId: $deviceId, mode: $mode) {
      ...DeviceFields
    }
  }
`);

export const SET_SHADE_POSITION = graphql(`
  mutation SetShadePosition($deviceId: ID!, $position: Int!) {
    setShadePosition(deviceId: $deviceId, position: $position) {
      ...DeviceFields
    }
  }
`);

export const PUSH_BUTTON = graphql(`
  mutation PushButton($deviceId: ID!, $number: Int!) {
    pushButton(deviceId: $deviceId, number: $number) {
      ...DeviceFields
    }
  }
`);

export const SEND_DEVICE_COMMAND = graphql(`
  mutation SendDeviceCommand($deviceId: ID!, $command: String!, $args: [JSON!]) {
    sendDeviceCommand(deviceId: $deviceId, command: $command, args: $args) {
      ...DeviceFields
    }
  }
`);

export const SET_FAVORITE_DEVICE = graphql(`
  mutation SetFavoriteDevice($id: ID!, $favorite: Boolean!) {
    setFavoriteDevice(id: $id, favorite: $favorite) {
      ...DeviceFields
    }
  }
`);

export const FORGET_DEVICE = graphql(`
  mutation ForgetDevice($id: ID!) {
    forgetDevice(id: $id)
  }
`);

export const SET_HUB_MODE = graphql(`
  mutation SetHubMode($mode: String!) {
    setHubMode(mode: $mode) {
      mode
    }
  }
`);

export const SET_HSM = graphql(`
  mutation SetHsm($value: HsmCommand!) {
    setHsm(value: $value) {
      hsmStatus
    }
  }
`);
