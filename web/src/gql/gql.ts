/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      id\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment DeviceFields on Device {\n    id\n    label\n    room\n    type\n    capabilities\n    stale\n    online\n    lastEventAt\n    attributes {\n      name\n      value\n      dataType\n      values\n      unit\n      updatedAt\n    }\n  }\n": typeof types.DeviceFieldsFragmentDoc,
    "\n  query Dashboard {\n    devices {\n      ...DeviceFields\n    }\n    hub {\n      configured\n      connected\n      problem\n      mode\n      modes {\n        id\n        name\n      }\n      hsmStatus\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query HubStatus {\n    hub {\n      configured\n      connected\n      problem\n      mode\n      hsmStatus\n    }\n  }\n": typeof types.HubStatusDocument,
    "\n  subscription DeviceUpdated($deviceIds: [ID!]) {\n    deviceUpdated(deviceIds: $deviceIds) {\n      ...DeviceFields\n    }\n  }\n": typeof types.DeviceUpdatedDocument,
    "\n  subscription HubModeChanged {\n    hubModeChanged\n  }\n": typeof types.HubModeChangedDocument,
    "\n  subscription HsmStatusChanged {\n    hsmStatusChanged\n  }\n": typeof types.HsmStatusChangedDocument,
    "\n  mutation SetSwitch($deviceId: ID!, $on: Boolean!) {\n    setSwitch(deviceId: $deviceId, on: $on) {\n      ...DeviceFields\n    }\n  }\n": typeof types.SetSwitchDocument,
    "\n  mutation SetLevel($deviceId: ID!, $level: Int!) {\n    setLevel(deviceId: $deviceId, level: $level) {\n      ...DeviceFields\n    }\n  }\n": typeof types.SetLevelDocument,
    "\n  mutation SetColor($deviceId: ID!, $hue: Int!, $saturation: Int!, $level: Int) {\n    setColor(deviceId: $deviceId, hue: $hue, saturation: $saturation, level: $level) {\n      ...DeviceFields\n    }\n  }\n": typeof types.SetColorDocument,
    "\n  mutation Lock($deviceId: ID!) {\n    lock(deviceId: $deviceId) {\n      ...DeviceFields\n    }\n  }\n": typeof types.LockDocument,
    "\n  mutation Unlock($deviceId: ID!) {\n    unlock(deviceId: $deviceId) {\n      ...DeviceFields\n    }\n  }\n": typeof types.UnlockDocument,
    "\n  mutation SetHeatingSetpoint($deviceId: ID!, $temperature: Float!) {\n    setHeatingSetpoint(deviceId: $deviceId, temperature: $temperature) {\n      ...DeviceFields\n    }\n  }\n": typeof types.SetHeatingSetpointDocument,
    "\n  mutation SetCoolingSetpoint($deviceId: ID!, $temperature: Float!) {\n    setCoolingSetpoint(deviceId: $deviceId, temperature: $temperature) {\n      ...DeviceFields\n    }\n  }\n": typeof types.SetCoolingSetpointDocument,
    "\n  mutation SetThermostatMode($deviceId: ID!, $mode: String!) {\n    setThermostatMode(deviceId: $deviceId, mode: $mode) {\n      ...DeviceFields\n    }\n  }\n": typeof types.SetThermostatModeDocument,
    "\n  mutation SetShadePosition($deviceId: ID!, $position: Int!) {\n    setShadePosition(deviceId: $deviceId, position: $position) {\n      ...DeviceFields\n    }\n  }\n": typeof types.SetShadePositionDocument,
    "\n  mutation PushButton($deviceId: ID!, $number: Int!) {\n    pushButton(deviceId: $deviceId, number: $number) {\n      ...DeviceFields\n    }\n  }\n": typeof types.PushButtonDocument,
    "\n  mutation SendDeviceCommand($deviceId: ID!, $command: String!, $args: [JSON!]) {\n    sendDeviceCommand(deviceId: $deviceId, command: $command, args: $args) {\n      ...DeviceFields\n    }\n  }\n": typeof types.SendDeviceCommandDocument,
    "\n  mutation SetHubMode($mode: String!) {\n    setHubMode(mode: $mode) {\n      mode\n    }\n  }\n": typeof types.SetHubModeDocument,
    "\n  mutation SetHsm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      hsmStatus\n    }\n  }\n": typeof types.SetHsmDocument,
    "\n  mutation AcceptInvite($token: String!, $password: String!) {\n    acceptInvite(token: $token, password: $password) {\n      user {\n        id\n        email\n      }\n    }\n  }\n": typeof types.AcceptInviteDocument,
    "\n  query DeviceDetail($id: ID!, $limit: Int!) {\n    device(id: $id) {\n      ...DeviceFields\n      name\n      hubDeviceId\n      lastChangedAt\n      lastChangedBy {\n        id\n        displayName\n      }\n      attributes {\n        name\n        updatedAt\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    deviceEvents(deviceId: $id, limit: $limit) {\n      ...DeviceEventFields\n    }\n  }\n": typeof types.DeviceDetailDocument,
    "\n  fragment DeviceEventFields on DeviceEvent {\n    id\n    name\n    value\n    unit\n    source\n    description\n    createdAt\n    changedBy {\n      id\n      displayName\n    }\n  }\n": typeof types.DeviceEventFieldsFragmentDoc,
    "\n  subscription DeviceEventAdded($deviceId: ID!) {\n    deviceEvent(deviceId: $deviceId) {\n      ...DeviceEventFields\n    }\n  }\n": typeof types.DeviceEventAddedDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      id\n    }\n  }\n": types.MeDocument,
    "\n  fragment DeviceFields on Device {\n    id\n    label\n    room\n    type\n    capabilities\n    stale\n    online\n    lastEventAt\n    attributes {\n      name\n      value\n      dataType\n      values\n      unit\n      updatedAt\n    }\n  }\n": types.DeviceFieldsFragmentDoc,
    "\n  query Dashboard {\n    devices {\n      ...DeviceFields\n    }\n    hub {\n      configured\n      connected\n      problem\n      mode\n      modes {\n        id\n        name\n      }\n      hsmStatus\n    }\n  }\n": types.DashboardDocument,
    "\n  query HubStatus {\n    hub {\n      configured\n      connected\n      problem\n      mode\n      hsmStatus\n    }\n  }\n": types.HubStatusDocument,
    "\n  subscription DeviceUpdated($deviceIds: [ID!]) {\n    deviceUpdated(deviceIds: $deviceIds) {\n      ...DeviceFields\n    }\n  }\n": types.DeviceUpdatedDocument,
    "\n  subscription HubModeChanged {\n    hubModeChanged\n  }\n": types.HubModeChangedDocument,
    "\n  subscription HsmStatusChanged {\n    hsmStatusChanged\n  }\n": types.HsmStatusChangedDocument,
    "\n  mutation SetSwitch($deviceId: ID!, $on: Boolean!) {\n    setSwitch(deviceId: $deviceId, on: $on) {\n      ...DeviceFields\n    }\n  }\n": types.SetSwitchDocument,
    "\n  mutation SetLevel($deviceId: ID!, $level: Int!) {\n    setLevel(deviceId: $deviceId, level: $level) {\n      ...DeviceFields\n    }\n  }\n": types.SetLevelDocument,
    "\n  mutation SetColor($deviceId: ID!, $hue: Int!, $saturation: Int!, $level: Int) {\n    setColor(deviceId: $deviceId, hue: $hue, saturation: $saturation, level: $level) {\n      ...DeviceFields\n    }\n  }\n": types.SetColorDocument,
    "\n  mutation Lock($deviceId: ID!) {\n    lock(deviceId: $deviceId) {\n      ...DeviceFields\n    }\n  }\n": types.LockDocument,
    "\n  mutation Unlock($deviceId: ID!) {\n    unlock(deviceId: $deviceId) {\n      ...DeviceFields\n    }\n  }\n": types.UnlockDocument,
    "\n  mutation SetHeatingSetpoint($deviceId: ID!, $temperature: Float!) {\n    setHeatingSetpoint(deviceId: $deviceId, temperature: $temperature) {\n      ...DeviceFields\n    }\n  }\n": types.SetHeatingSetpointDocument,
    "\n  mutation SetCoolingSetpoint($deviceId: ID!, $temperature: Float!) {\n    setCoolingSetpoint(deviceId: $deviceId, temperature: $temperature) {\n      ...DeviceFields\n    }\n  }\n": types.SetCoolingSetpointDocument,
    "\n  mutation SetThermostatMode($deviceId: ID!, $mode: String!) {\n    setThermostatMode(deviceId: $deviceId, mode: $mode) {\n      ...DeviceFields\n    }\n  }\n": types.SetThermostatModeDocument,
    "\n  mutation SetShadePosition($deviceId: ID!, $position: Int!) {\n    setShadePosition(deviceId: $deviceId, position: $position) {\n      ...DeviceFields\n    }\n  }\n": types.SetShadePositionDocument,
    "\n  mutation PushButton($deviceId: ID!, $number: Int!) {\n    pushButton(deviceId: $deviceId, number: $number) {\n      ...DeviceFields\n    }\n  }\n": types.PushButtonDocument,
    "\n  mutation SendDeviceCommand($deviceId: ID!, $command: String!, $args: [JSON!]) {\n    sendDeviceCommand(deviceId: $deviceId, command: $command, args: $args) {\n      ...DeviceFields\n    }\n  }\n": types.SendDeviceCommandDocument,
    "\n  mutation SetHubMode($mode: String!) {\n    setHubMode(mode: $mode) {\n      mode\n    }\n  }\n": types.SetHubModeDocument,
    "\n  mutation SetHsm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      hsmStatus\n    }\n  }\n": types.SetHsmDocument,
    "\n  mutation AcceptInvite($token: String!, $password: String!) {\n    acceptInvite(token: $token, password: $password) {\n      user {\n        id\n        email\n      }\n    }\n  }\n": types.AcceptInviteDocument,
    "\n  query DeviceDetail($id: ID!, $limit: Int!) {\n    device(id: $id) {\n      ...DeviceFields\n      name\n      hubDeviceId\n      lastChangedAt\n      lastChangedBy {\n        id\n        displayName\n      }\n      attributes {\n        name\n        updatedAt\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    deviceEvents(deviceId: $id, limit: $limit) {\n      ...DeviceEventFields\n    }\n  }\n": types.DeviceDetailDocument,
    "\n  fragment DeviceEventFields on DeviceEvent {\n    id\n    name\n    value\n    unit\n    source\n    description\n    createdAt\n    changedBy {\n      id\n      displayName\n    }\n  }\n": types.DeviceEventFieldsFragmentDoc,
    "\n  subscription DeviceEventAdded($deviceId: ID!) {\n    deviceEvent(deviceId: $deviceId) {\n      ...DeviceEventFields\n    }\n  }\n": types.DeviceEventAddedDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeviceFields on Device {\n    id\n    label\n    room\n    type\n    capabilities\n    stale\n    online\n    lastEventAt\n    attributes {\n      name\n      value\n      dataType\n      values\n      unit\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  fragment DeviceFields on Device {\n    id\n    label\n    room\n    type\n    capabilities\n    stale\n    online\n    lastEventAt\n    attributes {\n      name\n      value\n      dataType\n      values\n      unit\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard {\n    devices {\n      ...DeviceFields\n    }\n    hub {\n      configured\n      connected\n      problem\n      mode\n      modes {\n        id\n        name\n      }\n      hsmStatus\n    }\n  }\n"): (typeof documents)["\n  query Dashboard {\n    devices {\n      ...DeviceFields\n    }\n    hub {\n      configured\n      connected\n      problem\n      mode\n      modes {\n        id\n        name\n      }\n      hsmStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HubStatus {\n    hub {\n      configured\n      connected\n      problem\n      mode\n      hsmStatus\n    }\n  }\n"): (typeof documents)["\n  query HubStatus {\n    hub {\n      configured\n      connected\n      problem\n      mode\n      hsmStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeviceUpdated($deviceIds: [ID!]) {\n    deviceUpdated(deviceIds: $deviceIds) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  subscription DeviceUpdated($deviceIds: [ID!]) {\n    deviceUpdated(deviceIds: $deviceIds) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription HubModeChanged {\n    hubModeChanged\n  }\n"): (typeof documents)["\n  subscription HubModeChanged {\n    hubModeChanged\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription HsmStatusChanged {\n    hsmStatusChanged\n  }\n"): (typeof documents)["\n  subscription HsmStatusChanged {\n    hsmStatusChanged\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSwitch($deviceId: ID!, $on: Boolean!) {\n    setSwitch(deviceId: $deviceId, on: $on) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetSwitch($deviceId: ID!, $on: Boolean!) {\n    setSwitch(deviceId: $deviceId, on: $on) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetLevel($deviceId: ID!, $level: Int!) {\n    setLevel(deviceId: $deviceId, level: $level) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetLevel($deviceId: ID!, $level: Int!) {\n    setLevel(deviceId: $deviceId, level: $level) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetColor($deviceId: ID!, $hue: Int!, $saturation: Int!, $level: Int) {\n    setColor(deviceId: $deviceId, hue: $hue, saturation: $saturation, level: $level) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetColor($deviceId: ID!, $hue: Int!, $saturation: Int!, $level: Int) {\n    setColor(deviceId: $deviceId, hue: $hue, saturation: $saturation, level: $level) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Lock($deviceId: ID!) {\n    lock(deviceId: $deviceId) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation Lock($deviceId: ID!) {\n    lock(deviceId: $deviceId) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unlock($deviceId: ID!) {\n    unlock(deviceId: $deviceId) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation Unlock($deviceId: ID!) {\n    unlock(deviceId: $deviceId) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetHeatingSetpoint($deviceId: ID!, $temperature: Float!) {\n    setHeatingSetpoint(deviceId: $deviceId, temperature: $temperature) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetHeatingSetpoint($deviceId: ID!, $temperature: Float!) {\n    setHeatingSetpoint(deviceId: $deviceId, temperature: $temperature) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCoolingSetpoint($deviceId: ID!, $temperature: Float!) {\n    setCoolingSetpoint(deviceId: $deviceId, temperature: $temperature) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetCoolingSetpoint($deviceId: ID!, $temperature: Float!) {\n    setCoolingSetpoint(deviceId: $deviceId, temperature: $temperature) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetThermostatMode($deviceId: ID!, $mode: String!) {\n    setThermostatMode(deviceId: $deviceId, mode: $mode) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetThermostatMode($deviceId: ID!, $mode: String!) {\n    setThermostatMode(deviceId: $deviceId, mode: $mode) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetShadePosition($deviceId: ID!, $position: Int!) {\n    setShadePosition(deviceId: $deviceId, position: $position) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetShadePosition($deviceId: ID!, $position: Int!) {\n    setShadePosition(deviceId: $deviceId, position: $position) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PushButton($deviceId: ID!, $number: Int!) {\n    pushButton(deviceId: $deviceId, number: $number) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation PushButton($deviceId: ID!, $number: Int!) {\n    pushButton(deviceId: $deviceId, number: $number) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendDeviceCommand($deviceId: ID!, $command: String!, $args: [JSON!]) {\n    sendDeviceCommand(deviceId: $deviceId, command: $command, args: $args) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SendDeviceCommand($deviceId: ID!, $command: String!, $args: [JSON!]) {\n    sendDeviceCommand(deviceId: $deviceId, command: $command, args: $args) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetHubMode($mode: String!) {\n    setHubMode(mode: $mode) {\n      mode\n    }\n  }\n"): (typeof documents)["\n  mutation SetHubMode($mode: String!) {\n    setHubMode(mode: $mode) {\n      mode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetHsm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      hsmStatus\n    }\n  }\n"): (typeof documents)["\n  mutation SetHsm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      hsmStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvite($token: String!, $password: String!) {\n    acceptInvite(token: $token, password: $password) {\n      user {\n        id\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvite($token: String!, $password: String!) {\n    acceptInvite(token: $token, password: $password) {\n      user {\n        id\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeviceDetail($id: ID!, $limit: Int!) {\n    device(id: $id) {\n      ...DeviceFields\n      name\n      hubDeviceId\n      lastChangedAt\n      lastChangedBy {\n        id\n        displayName\n      }\n      attributes {\n        name\n        updatedAt\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    deviceEvents(deviceId: $id, limit: $limit) {\n      ...DeviceEventFields\n    }\n  }\n"): (typeof documents)["\n  query DeviceDetail($id: ID!, $limit: Int!) {\n    device(id: $id) {\n      ...DeviceFields\n      name\n      hubDeviceId\n      lastChangedAt\n      lastChangedBy {\n        id\n        displayName\n      }\n      attributes {\n        name\n        updatedAt\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    deviceEvents(deviceId: $id, limit: $limit) {\n      ...DeviceEventFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeviceEventFields on DeviceEvent {\n    id\n    name\n    value\n    unit\n    source\n    description\n    createdAt\n    changedBy {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment DeviceEventFields on DeviceEvent {\n    id\n    name\n    value\n    unit\n    source\n    description\n    createdAt\n    changedBy {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeviceEventAdded($deviceId: ID!) {\n    deviceEvent(deviceId: $deviceId) {\n      ...DeviceEventFields\n    }\n  }\n"): (typeof documents)["\n  subscription DeviceEventAdded($deviceId: ID!) {\n    deviceEvent(deviceId: $deviceId) {\n      ...DeviceEventFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;