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
    "\n  fragment AlarmFields on Hub {\n    hsmStatus\n    hsmArmingSince\n    hsmArmingUntil\n    hsmAlert {\n      kind\n      at\n      text\n    }\n  }\n": typeof types.AlarmFieldsFragmentDoc,
    "\n  query AlarmStatus {\n    hub {\n      ...AlarmFields\n    }\n  }\n": typeof types.AlarmStatusDocument,
    "\n  subscription HsmChanged {\n    hsmChanged {\n      status\n      armingSince\n      armingUntil\n      alert {\n        kind\n        at\n        text\n      }\n    }\n  }\n": typeof types.HsmChangedDocument,
    "\n  query Me {\n    me {\n      id\n    }\n  }\n": typeof types.MeDocument,
    "\n  query MySecondFactor {\n    mySecondFactor {\n      totpEnabled\n      passkeys {\n        id\n      }\n    }\n  }\n": typeof types.MySecondFactorDocument,
    "\n  mutation StepUp($password: String, $code: String, $recoveryCode: String) {\n    stepUp(password: $password, code: $code, recoveryCode: $recoveryCode) {\n      accessToken\n      expiresAt\n      stepUpAt\n    }\n  }\n": typeof types.StepUpDocument,
    "\n  mutation BeginPasskeyStepUp {\n    beginPasskeyStepUp {\n      challengeId\n      optionsJSON\n    }\n  }\n": typeof types.BeginPasskeyStepUpDocument,
    "\n  mutation FinishPasskeyStepUp($challengeId: String!, $response: String!) {\n    finishPasskeyStepUp(challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresAt\n      stepUpAt\n    }\n  }\n": typeof types.FinishPasskeyStepUpDocument,
    "\n  mutation UnlockFrontDoor {\n    sendDeviceCommand(deviceId: \"7\", command: \"unlock\") {\n      id\n    }\n  }\n": typeof types.UnlockFrontDoorDocument,
    "\n  fragment DeviceFields on Device {\n    id\n    label\n    room\n    type\n    capabilities\n    stale\n    online\n    removed\n    removedAt\n    favorite\n    myAccess\n    lastEventAt\n    pendingCommands {\n      name\n      queuedAt\n      sending\n    }\n    attributes {\n      name\n      value\n      dataType\n      values\n      unit\n      updatedAt\n    }\n  }\n": typeof types.DeviceFieldsFragmentDoc,
    "\n  query Dashboard {\n    devices {\n      ...DeviceFields\n    }\n    hub {\n      configured\n      connected\n      problem\n      mode\n      modes {\n        id\n        name\n      }\n      hsmStatus\n      myAccess {\n        hsm\n        mode\n      }\n    }\n  }\n": typeof types.DashboardDocument,
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
    "\n  mutation SetFavoriteDevice($id: ID!, $favorite: Boolean!) {\n    setFavoriteDevice(id: $id, favorite: $favorite) {\n      ...DeviceFields\n    }\n  }\n": typeof types.SetFavoriteDeviceDocument,
    "\n  mutation ForgetDevice($id: ID!) {\n    forgetDevice(id: $id)\n  }\n": typeof types.ForgetDeviceDocument,
    "\n  mutation SetHubMode($mode: String!) {\n    setHubMode(mode: $mode) {\n      mode\n    }\n  }\n": typeof types.SetHubModeDocument,
    "\n  mutation SetHsm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      hsmStatus\n    }\n  }\n": typeof types.SetHsmDocument,
    "\n  query SecondFactorDue {\n    mySecondFactor {\n      totpEnabled\n      required\n      enrolBy\n      enrolmentOnly\n    }\n  }\n": typeof types.SecondFactorDueDocument,
    "\n  fragment NotificationFields on Notification {\n    id\n    kind\n    severity\n    title\n    body\n    url\n    createdAt\n    readAt\n  }\n": typeof types.NotificationFieldsFragmentDoc,
    "\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n": typeof types.UnreadNotificationCountDocument,
    "\n  query Notifications($page: PageInput, $unreadOnly: Boolean) {\n    notifications(page: $page, unreadOnly: $unreadOnly) {\n      items {\n        ...NotificationFields\n      }\n      total\n      page\n      pageSize\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      ...NotificationFields\n    }\n  }\n": typeof types.NotificationReceivedDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      ...NotificationFields\n    }\n  }\n": typeof types.MarkNotificationReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": typeof types.MarkAllNotificationsReadDocument,
    "\n  fragment NotificationSettingsFields on NotificationSettings {\n    routes {\n      kind\n      channels\n    }\n    quietHours {\n      enabled\n      start\n      end\n      timeZone\n    }\n  }\n": typeof types.NotificationSettingsFieldsFragmentDoc,
    "\n  query MyNotificationSettings {\n    myNotificationSettings {\n      ...NotificationSettingsFields\n    }\n  }\n": typeof types.MyNotificationSettingsDocument,
    "\n  mutation SetNotificationRoute($kind: NotificationKind!, $channels: [NotificationChannel!]!) {\n    setNotificationRoute(kind: $kind, channels: $channels) {\n      ...NotificationSettingsFields\n    }\n  }\n": typeof types.SetNotificationRouteDocument,
    "\n  mutation SetQuietHours($input: QuietHoursInput!) {\n    setQuietHours(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n": typeof types.SetQuietHoursDocument,
    "\n  fragment WebPushSubscriptionFields on WebPushSubscription {\n    id\n    userAgent\n    createdAt\n    lastSuccessAt\n  }\n": typeof types.WebPushSubscriptionFieldsFragmentDoc,
    "\n  query PushSubscriptions {\n    webPushPublicKey\n    myPushSubscriptions {\n      ...WebPushSubscriptionFields\n    }\n  }\n": typeof types.PushSubscriptionsDocument,
    "\n  mutation AddPushSubscription($endpoint: String!, $p256dh: String!, $auth: String!, $userAgent: String) {\n    addPushSubscription(input: { endpoint: $endpoint, p256dh: $p256dh, auth: $auth, userAgent: $userAgent }) {\n      ...WebPushSubscriptionFields\n    }\n  }\n": typeof types.AddPushSubscriptionDocument,
    "\n  mutation RemovePushSubscription($id: ID!) {\n    removePushSubscription(id: $id)\n  }\n": typeof types.RemovePushSubscriptionDocument,
    "\n  mutation AcceptInvite($token: String!, $password: String!) {\n    acceptInvite(token: $token, password: $password) {\n      user {\n        id\n        email\n      }\n    }\n  }\n": typeof types.AcceptInviteDocument,
    "\n  fragment ActivityEntryFields on ActivityEntry {\n    id\n    at\n    kind\n    summary\n    deviceId\n    room\n    actor {\n      id\n      displayName\n    }\n  }\n": typeof types.ActivityEntryFieldsFragmentDoc,
    "\n  query Activity($first: Int, $after: String, $filter: ActivityFilter) {\n    activity(first: $first, after: $after, filter: $filter) {\n      items {\n        ...ActivityEntryFields\n      }\n      endCursor\n      hasMore\n    }\n  }\n": typeof types.ActivityDocument,
    "\n  subscription ActivityAdded($filter: ActivityFilter) {\n    activityAdded(filter: $filter) {\n      ...ActivityEntryFields\n    }\n  }\n": typeof types.ActivityAddedDocument,
    "\n  query ActivityRooms {\n    rooms {\n      name\n    }\n  }\n": typeof types.ActivityRoomsDocument,
    "\n  fragment PersonAccessFields on HomeAccess {\n    userId\n    role\n    validUntil\n    rooms {\n      room\n      level\n      granted\n    }\n    devices {\n      deviceId\n      level\n      secure\n      source\n      granted\n    }\n    capabilities {\n      capability\n      level\n      source\n      granted\n    }\n  }\n": typeof types.PersonAccessFieldsFragmentDoc,
    "\n  query AccessMatrix {\n    accessMatrix {\n      rooms {\n        name\n        devices {\n          secure\n          device {\n            id\n            label\n          }\n        }\n      }\n      roleDefaults {\n        role\n        ordinary\n        secure\n      }\n      people {\n        id\n        displayName\n        role\n        homeAccess {\n          ...PersonAccessFields\n        }\n      }\n    }\n  }\n": typeof types.AccessMatrixDocument,
    "\n  mutation SetRoomAccess($userId: ID!, $room: String!, $level: AccessLevel) {\n    setRoomAccess(userId: $userId, room: $room, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n": typeof types.SetRoomAccessDocument,
    "\n  mutation SetDeviceAccess($userId: ID!, $deviceId: ID!, $level: AccessLevel) {\n    setDeviceAccess(userId: $userId, deviceId: $deviceId, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n": typeof types.SetDeviceAccessDocument,
    "\n  mutation SetRoleAccessDefaults($role: Role!, $ordinary: AccessLevel!, $secure: AccessLevel!) {\n    setRoleAccessDefaults(role: $role, ordinary: $ordinary, secure: $secure) {\n      role\n      ordinary\n      secure\n    }\n  }\n": typeof types.SetRoleAccessDefaultsDocument,
    "\n  mutation SetCapabilityAccess($userId: ID!, $capability: SecureCapability!, $level: AccessLevel) {\n    setCapabilityAccess(userId: $userId, capability: $capability, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n": typeof types.SetCapabilityAccessDocument,
    "\n  fragment GuestPassFields on GuestPass {\n    id\n    guestName\n    validFrom\n    validUntil\n    status\n    endedAt\n    createdAt\n    redemptions\n    firstRedeemedAt\n    lastRedeemedAt\n    homeAccessRemoved\n    rooms {\n      room\n      level\n    }\n    devices {\n      deviceId\n      level\n    }\n    lockCode {\n      deviceId\n      name\n    }\n    createdBy {\n      id\n      displayName\n    }\n    endedBy {\n      id\n      displayName\n    }\n  }\n": typeof types.GuestPassFieldsFragmentDoc,
    "\n  query GuestPasses($includeEnded: Boolean!) {\n    guestPasses(includeEnded: $includeEnded) {\n      ...GuestPassFields\n    }\n  }\n": typeof types.GuestPassesDocument,
    "\n  query GuestPassChoices {\n    devices {\n      id\n      label\n      room\n      capabilities\n    }\n  }\n": typeof types.GuestPassChoicesDocument,
    "\n  mutation CreateGuestPass($input: CreateGuestPassInput!) {\n    createGuestPass(input: $input) {\n      link\n      pass {\n        ...GuestPassFields\n      }\n    }\n  }\n": typeof types.CreateGuestPassDocument,
    "\n  mutation EndGuestPass($id: ID!) {\n    endGuestPass(id: $id) {\n      ...GuestPassFields\n    }\n  }\n": typeof types.EndGuestPassDocument,
    "\n  query AdminUsers($search: String, $page: PageInput) {\n    users(search: $search, page: $page) {\n      items {\n        id\n        email\n        displayName\n        role\n        createdAt\n        disabledAt\n        emailVerifiedAt\n      }\n      total\n      page\n      pageSize\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  mutation InviteUser($email: String!, $displayName: String, $role: Role!) {\n    inviteUser(email: $email, displayName: $displayName, role: $role) {\n      id\n      email\n      displayName\n      role\n    }\n  }\n": typeof types.InviteUserDocument,
    "\n  mutation SetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n": typeof types.SetUserRoleDocument,
    "\n  mutation DisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      disabledAt\n    }\n  }\n": typeof types.DisableUserDocument,
    "\n  mutation EnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      disabledAt\n    }\n  }\n": typeof types.EnableUserDocument,
    "\n  query SystemSettings {\n    systemSettings {\n      key\n      value\n      defaultValue\n      type\n      description\n      min\n      max\n      choices\n      updatedAt\n    }\n  }\n": typeof types.SystemSettingsDocument,
    "\n  mutation SetSystemSetting($key: String!, $value: String!) {\n    setSystemSetting(key: $key, value: $value) {\n      key\n      value\n      updatedAt\n    }\n  }\n": typeof types.SetSystemSettingDocument,
    "\n  query AdminHubs {\n    hubs {\n      name\n      primary\n      configured\n      connected\n      problem\n      lastEventAt\n      lastSyncAt\n      drift {\n        attributeValue\n        label\n        room\n        removed\n        returned\n        added\n        corrections\n        lastReconciledAt\n      }\n    }\n  }\n": typeof types.AdminHubsDocument,
    "\n  mutation ReconcileHub($hub: String) {\n    reconcileHub(hub: $hub) {\n      at\n      devicesChecked\n      corrections\n      ms\n      byKind {\n        attributeValue\n        label\n        room\n        removed\n        returned\n        added\n      }\n    }\n  }\n": typeof types.ReconcileHubDocument,
    "\n  query NotificationRetention {\n    notificationRetentionDays\n  }\n": typeof types.NotificationRetentionDocument,
    "\n  mutation SetNotificationRetention($days: Int!) {\n    setNotificationRetentionDays(days: $days)\n  }\n": typeof types.SetNotificationRetentionDocument,
    "\n  query AlarmPanel {\n    hub {\n      configured\n      connected\n      problem\n      myAccess {\n        hsm\n      }\n      ...AlarmFields\n    }\n  }\n": typeof types.AlarmPanelDocument,
    "\n  query AlarmHistory {\n    hsmHistory(limit: 20) {\n      kind\n      value\n      text\n      at\n    }\n  }\n": typeof types.AlarmHistoryDocument,
    "\n  mutation SetAlarm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      ...AlarmFields\n    }\n  }\n": typeof types.SetAlarmDocument,
    "\n  fragment AutomationFields on Automation {\n    id\n    name\n    enabled\n    trigger\n    conditions\n    actions\n    lastFiredAt\n    createdAt\n  }\n": typeof types.AutomationFieldsFragmentDoc,
    "\n  query Automations {\n    automations {\n      ...AutomationFields\n    }\n  }\n": typeof types.AutomationsDocument,
    "\n  query Automation($id: ID!) {\n    automation(id: $id) {\n      ...AutomationFields\n    }\n  }\n": typeof types.AutomationDocument,
    "\n  query RuleChoices {\n    devices {\n      id\n      label\n      room\n      attributes {\n        name\n        dataType\n        values\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    hub {\n      modes {\n        id\n        name\n      }\n    }\n  }\n": typeof types.RuleChoicesDocument,
    "\n  mutation CreateAutomation($input: AutomationInput!) {\n    createAutomation(input: $input) {\n      ...AutomationFields\n    }\n  }\n": typeof types.CreateAutomationDocument,
    "\n  mutation UpdateAutomation($id: ID!, $input: AutomationInput!) {\n    updateAutomation(id: $id, input: $input) {\n      ...AutomationFields\n    }\n  }\n": typeof types.UpdateAutomationDocument,
    "\n  mutation SetAutomationEnabled($id: ID!, $enabled: Boolean!) {\n    setAutomationEnabled(id: $id, enabled: $enabled) {\n      id\n      enabled\n    }\n  }\n": typeof types.SetAutomationEnabledDocument,
    "\n  mutation DeleteAutomation($id: ID!) {\n    deleteAutomation(id: $id)\n  }\n": typeof types.DeleteAutomationDocument,
    "\n  mutation ConfirmEmailChange($token: String!) {\n    confirmEmailChange(token: $token)\n  }\n": typeof types.ConfirmEmailChangeDocument,
    "\n  query DeviceDetail($id: ID!, $limit: Int!) {\n    device(id: $id) {\n      ...DeviceFields\n      name\n      hubDeviceId\n      lastChangedAt\n      lastChangedBy {\n        id\n        displayName\n      }\n      attributes {\n        name\n        updatedAt\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    deviceEvents(deviceId: $id, limit: $limit) {\n      ...DeviceEventFields\n    }\n  }\n": typeof types.DeviceDetailDocument,
    "\n  fragment DeviceEventFields on DeviceEvent {\n    id\n    name\n    value\n    unit\n    source\n    description\n    createdAt\n    changedBy {\n      id\n      displayName\n    }\n  }\n": typeof types.DeviceEventFieldsFragmentDoc,
    "\n  subscription DeviceEventAdded($deviceId: ID!) {\n    deviceEvent(deviceId: $deviceId) {\n      ...DeviceEventFields\n    }\n  }\n": typeof types.DeviceEventAddedDocument,
    "\n  fragment EmailTemplateFields on EmailTemplate {\n    id\n    key\n    name\n    kind\n    subject\n    html\n    text\n    builtIn\n    updatedAt\n  }\n": typeof types.EmailTemplateFieldsFragmentDoc,
    "\n  fragment BulkRunFields on BulkEmailRun {\n    id\n    total\n    queued\n    sent\n    failed\n    suppressed\n    done\n  }\n": typeof types.BulkRunFieldsFragmentDoc,
    "\n  query EmailTemplates {\n    emailTemplates {\n      ...EmailTemplateFields\n    }\n  }\n": typeof types.EmailTemplatesDocument,
    "\n  query PreviewEmailDraft($draft: EmailDraftInput!, $variables: JSONObject) {\n    previewEmailDraft(draft: $draft, variables: $variables) {\n      subject\n      text\n      html\n    }\n  }\n": typeof types.PreviewEmailDraftDocument,
    "\n  mutation CreateEmailTemplate($input: CreateEmailTemplateInput!) {\n    createEmailTemplate(input: $input) {\n      ...EmailTemplateFields\n    }\n  }\n": typeof types.CreateEmailTemplateDocument,
    "\n  mutation UpdateEmailTemplate($key: String!, $input: UpdateEmailTemplateInput!) {\n    updateEmailTemplate(key: $key, input: $input) {\n      ...EmailTemplateFields\n    }\n  }\n": typeof types.UpdateEmailTemplateDocument,
    "\n  mutation SendTestEmail($input: SendEmailInput!) {\n    sendEmail(input: $input) {\n      id\n      recipient\n      subject\n      status\n    }\n  }\n": typeof types.SendTestEmailDocument,
    "\n  query EmailLogs($filter: EmailLogFilter, $page: PageInput) {\n    emailLogs(filter: $filter, page: $page) {\n      items {\n        id\n        recipient\n        subject\n        status\n        kind\n        attempts\n        lastError\n        templateKey\n        bulkRunId\n        createdAt\n        sentAt\n      }\n      total\n      page\n      pageSize\n    }\n  }\n": typeof types.EmailLogsDocument,
    "\n  mutation SendBulkEmail($input: SendBulkEmailInput!) {\n    sendBulkEmail(input: $input) {\n      ...BulkRunFields\n    }\n  }\n": typeof types.SendBulkEmailDocument,
    "\n  query BulkEmailRun($id: ID!) {\n    bulkEmailRun(id: $id) {\n      ...BulkRunFields\n    }\n  }\n": typeof types.BulkEmailRunDocument,
    "\n  subscription BulkEmailProgress($runId: ID!) {\n    bulkEmailProgress(runId: $runId) {\n      ...BulkRunFields\n    }\n  }\n": typeof types.BulkEmailProgressDocument,
    "\n  query DevMailbox($page: PageInput) {\n    devMailbox(page: $page) {\n      enabled\n      total\n      items {\n        id\n        receivedAt\n        envelopeTo\n        fromHeader\n        subject\n        size\n      }\n    }\n  }\n": typeof types.DevMailboxDocument,
    "\n  query DevMailboxMessage($id: ID!) {\n    devMailboxMessage(id: $id) {\n      id\n      receivedAt\n      envelopeFrom\n      envelopeTo\n      fromHeader\n      toHeader\n      subject\n      text\n      html\n    }\n  }\n": typeof types.DevMailboxMessageDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPasswordWithCode($email: String!, $code: String!, $newPassword: String!) {\n    resetPasswordWithCode(email: $email, code: $code, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordWithCodeDocument,
    "\n  query GuestHome {\n    myGuestPass {\n      id\n      guestName\n      validFrom\n      validUntil\n      status\n    }\n    devices {\n      ...DeviceFields\n    }\n  }\n": typeof types.GuestHomeDocument,
    "\n  query HistoryDevices {\n    devices {\n      id\n      label\n      room\n      attributes {\n        name\n        dataType\n        unit\n      }\n      historyRetention {\n        eventDays\n        rollupDays\n      }\n    }\n  }\n": typeof types.HistoryDevicesDocument,
    "\n  query DeviceHistory(\n    $deviceId: ID!\n    $attribute: String!\n    $from: DateTimeISO!\n    $to: DateTimeISO\n    $resolution: HistoryResolution\n  ) {\n    deviceHistory(deviceId: $deviceId, attribute: $attribute, from: $from, to: $to, resolution: $resolution) {\n      attribute\n      unit\n      resolution\n      from\n      to\n      points {\n        at\n        count\n        min\n        max\n        mean\n        increase\n      }\n    }\n  }\n": typeof types.DeviceHistoryDocument,
    "\n  query MyApiTokens {\n    myApiTokens {\n      id\n      name\n      createdAt\n      expiresAt\n      lastUsedAt\n    }\n  }\n": typeof types.MyApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $expiresInDays: Int) {\n    createApiToken(name: $name, expiresInDays: $expiresInDays) {\n      token\n      apiToken {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  mutation RequestEmailChange($newEmail: String!) {\n    requestEmailChange(newEmail: $newEmail)\n  }\n": typeof types.RequestEmailChangeDocument,
    "\n  mutation ConfirmEmailChangeWithCode($code: String!) {\n    confirmEmailChangeWithCode(code: $code)\n  }\n": typeof types.ConfirmEmailChangeWithCodeDocument,
    "\n  query Profile {\n    me {\n      id\n      email\n      displayName\n      role\n      createdAt\n    }\n    myEmailPreferences {\n      userId\n      notificationsEnabled\n      digest\n      updatedAt\n    }\n  }\n": typeof types.ProfileDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      displayName\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation UpdateEmailPreferences($input: UpdateEmailPreferencesInput!) {\n    updateEmailPreferences(input: $input) {\n      userId\n      notificationsEnabled\n      digest\n      updatedAt\n    }\n  }\n": typeof types.UpdateEmailPreferencesDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  query SecurityStatus {\n    mySecondFactor {\n      totpEnabled\n      recoveryCodesLeft\n      required\n      enrolBy\n      passkeys {\n        id\n        name\n        createdAt\n        lastUsedAt\n        backedUp\n      }\n    }\n  }\n": typeof types.SecurityStatusDocument,
    "\n  mutation BeginTotpEnrollment {\n    beginTotpEnrollment {\n      secret\n      otpauthUri\n      qrCodeSvg\n    }\n  }\n": typeof types.BeginTotpEnrollmentDocument,
    "\n  mutation ConfirmTotpEnrollment($code: String!) {\n    confirmTotpEnrollment(code: $code) {\n      enabled\n      accessToken\n      recoveryCodes\n    }\n  }\n": typeof types.ConfirmTotpEnrollmentDocument,
    "\n  mutation DisableTotp {\n    disableTotp\n  }\n": typeof types.DisableTotpDocument,
    "\n  mutation BeginPasskeyRegistration {\n    beginPasskeyRegistration {\n      challengeId\n      optionsJSON\n      expiresAt\n    }\n  }\n": typeof types.BeginPasskeyRegistrationDocument,
    "\n  mutation FinishPasskeyRegistration($challengeId: String!, $response: String!, $name: String) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response, name: $name) {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n": typeof types.FinishPasskeyRegistrationDocument,
    "\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n": typeof types.RenamePasskeyDocument,
    "\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n": typeof types.RemovePasskeyDocument,
    "\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ip\n      current\n    }\n  }\n": typeof types.MySessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation SignOutEverywhere($token: String!) {\n    signOutEverywhere(token: $token)\n  }\n": typeof types.SignOutEverywhereDocument,
};
const documents: Documents = {
    "\n  fragment AlarmFields on Hub {\n    hsmStatus\n    hsmArmingSince\n    hsmArmingUntil\n    hsmAlert {\n      kind\n      at\n      text\n    }\n  }\n": types.AlarmFieldsFragmentDoc,
    "\n  query AlarmStatus {\n    hub {\n      ...AlarmFields\n    }\n  }\n": types.AlarmStatusDocument,
    "\n  subscription HsmChanged {\n    hsmChanged {\n      status\n      armingSince\n      armingUntil\n      alert {\n        kind\n        at\n        text\n      }\n    }\n  }\n": types.HsmChangedDocument,
    "\n  query Me {\n    me {\n      id\n    }\n  }\n": types.MeDocument,
    "\n  query MySecondFactor {\n    mySecondFactor {\n      totpEnabled\n      passkeys {\n        id\n      }\n    }\n  }\n": types.MySecondFactorDocument,
    "\n  mutation StepUp($password: String, $code: String, $recoveryCode: String) {\n    stepUp(password: $password, code: $code, recoveryCode: $recoveryCode) {\n      accessToken\n      expiresAt\n      stepUpAt\n    }\n  }\n": types.StepUpDocument,
    "\n  mutation BeginPasskeyStepUp {\n    beginPasskeyStepUp {\n      challengeId\n      optionsJSON\n    }\n  }\n": types.BeginPasskeyStepUpDocument,
    "\n  mutation FinishPasskeyStepUp($challengeId: String!, $response: String!) {\n    finishPasskeyStepUp(challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresAt\n      stepUpAt\n    }\n  }\n": types.FinishPasskeyStepUpDocument,
    "\n  mutation UnlockFrontDoor {\n    sendDeviceCommand(deviceId: \"7\", command: \"unlock\") {\n      id\n    }\n  }\n": types.UnlockFrontDoorDocument,
    "\n  fragment DeviceFields on Device {\n    id\n    label\n    room\n    type\n    capabilities\n    stale\n    online\n    removed\n    removedAt\n    favorite\n    myAccess\n    lastEventAt\n    pendingCommands {\n      name\n      queuedAt\n      sending\n    }\n    attributes {\n      name\n      value\n      dataType\n      values\n      unit\n      updatedAt\n    }\n  }\n": types.DeviceFieldsFragmentDoc,
    "\n  query Dashboard {\n    devices {\n      ...DeviceFields\n    }\n    hub {\n      configured\n      connected\n      problem\n      mode\n      modes {\n        id\n        name\n      }\n      hsmStatus\n      myAccess {\n        hsm\n        mode\n      }\n    }\n  }\n": types.DashboardDocument,
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
    "\n  mutation SetFavoriteDevice($id: ID!, $favorite: Boolean!) {\n    setFavoriteDevice(id: $id, favorite: $favorite) {\n      ...DeviceFields\n    }\n  }\n": types.SetFavoriteDeviceDocument,
    "\n  mutation ForgetDevice($id: ID!) {\n    forgetDevice(id: $id)\n  }\n": types.ForgetDeviceDocument,
    "\n  mutation SetHubMode($mode: String!) {\n    setHubMode(mode: $mode) {\n      mode\n    }\n  }\n": types.SetHubModeDocument,
    "\n  mutation SetHsm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      hsmStatus\n    }\n  }\n": types.SetHsmDocument,
    "\n  query SecondFactorDue {\n    mySecondFactor {\n      totpEnabled\n      required\n      enrolBy\n      enrolmentOnly\n    }\n  }\n": types.SecondFactorDueDocument,
    "\n  fragment NotificationFields on Notification {\n    id\n    kind\n    severity\n    title\n    body\n    url\n    createdAt\n    readAt\n  }\n": types.NotificationFieldsFragmentDoc,
    "\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n": types.UnreadNotificationCountDocument,
    "\n  query Notifications($page: PageInput, $unreadOnly: Boolean) {\n    notifications(page: $page, unreadOnly: $unreadOnly) {\n      items {\n        ...NotificationFields\n      }\n      total\n      page\n      pageSize\n    }\n  }\n": types.NotificationsDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      ...NotificationFields\n    }\n  }\n": types.NotificationReceivedDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      ...NotificationFields\n    }\n  }\n": types.MarkNotificationReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": types.MarkAllNotificationsReadDocument,
    "\n  fragment NotificationSettingsFields on NotificationSettings {\n    routes {\n      kind\n      channels\n    }\n    quietHours {\n      enabled\n      start\n      end\n      timeZone\n    }\n  }\n": types.NotificationSettingsFieldsFragmentDoc,
    "\n  query MyNotificationSettings {\n    myNotificationSettings {\n      ...NotificationSettingsFields\n    }\n  }\n": types.MyNotificationSettingsDocument,
    "\n  mutation SetNotificationRoute($kind: NotificationKind!, $channels: [NotificationChannel!]!) {\n    setNotificationRoute(kind: $kind, channels: $channels) {\n      ...NotificationSettingsFields\n    }\n  }\n": types.SetNotificationRouteDocument,
    "\n  mutation SetQuietHours($input: QuietHoursInput!) {\n    setQuietHours(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n": types.SetQuietHoursDocument,
    "\n  fragment WebPushSubscriptionFields on WebPushSubscription {\n    id\n    userAgent\n    createdAt\n    lastSuccessAt\n  }\n": types.WebPushSubscriptionFieldsFragmentDoc,
    "\n  query PushSubscriptions {\n    webPushPublicKey\n    myPushSubscriptions {\n      ...WebPushSubscriptionFields\n    }\n  }\n": types.PushSubscriptionsDocument,
    "\n  mutation AddPushSubscription($endpoint: String!, $p256dh: String!, $auth: String!, $userAgent: String) {\n    addPushSubscription(input: { endpoint: $endpoint, p256dh: $p256dh, auth: $auth, userAgent: $userAgent }) {\n      ...WebPushSubscriptionFields\n    }\n  }\n": types.AddPushSubscriptionDocument,
    "\n  mutation RemovePushSubscription($id: ID!) {\n    removePushSubscription(id: $id)\n  }\n": types.RemovePushSubscriptionDocument,
    "\n  mutation AcceptInvite($token: String!, $password: String!) {\n    acceptInvite(token: $token, password: $password) {\n      user {\n        id\n        email\n      }\n    }\n  }\n": types.AcceptInviteDocument,
    "\n  fragment ActivityEntryFields on ActivityEntry {\n    id\n    at\n    kind\n    summary\n    deviceId\n    room\n    actor {\n      id\n      displayName\n    }\n  }\n": types.ActivityEntryFieldsFragmentDoc,
    "\n  query Activity($first: Int, $after: String, $filter: ActivityFilter) {\n    activity(first: $first, after: $after, filter: $filter) {\n      items {\n        ...ActivityEntryFields\n      }\n      endCursor\n      hasMore\n    }\n  }\n": types.ActivityDocument,
    "\n  subscription ActivityAdded($filter: ActivityFilter) {\n    activityAdded(filter: $filter) {\n      ...ActivityEntryFields\n    }\n  }\n": types.ActivityAddedDocument,
    "\n  query ActivityRooms {\n    rooms {\n      name\n    }\n  }\n": types.ActivityRoomsDocument,
    "\n  fragment PersonAccessFields on HomeAccess {\n    userId\n    role\n    validUntil\n    rooms {\n      room\n      level\n      granted\n    }\n    devices {\n      deviceId\n      level\n      secure\n      source\n      granted\n    }\n    capabilities {\n      capability\n      level\n      source\n      granted\n    }\n  }\n": types.PersonAccessFieldsFragmentDoc,
    "\n  query AccessMatrix {\n    accessMatrix {\n      rooms {\n        name\n        devices {\n          secure\n          device {\n            id\n            label\n          }\n        }\n      }\n      roleDefaults {\n        role\n        ordinary\n        secure\n      }\n      people {\n        id\n        displayName\n        role\n        homeAccess {\n          ...PersonAccessFields\n        }\n      }\n    }\n  }\n": types.AccessMatrixDocument,
    "\n  mutation SetRoomAccess($userId: ID!, $room: String!, $level: AccessLevel) {\n    setRoomAccess(userId: $userId, room: $room, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n": types.SetRoomAccessDocument,
    "\n  mutation SetDeviceAccess($userId: ID!, $deviceId: ID!, $level: AccessLevel) {\n    setDeviceAccess(userId: $userId, deviceId: $deviceId, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n": types.SetDeviceAccessDocument,
    "\n  mutation SetRoleAccessDefaults($role: Role!, $ordinary: AccessLevel!, $secure: AccessLevel!) {\n    setRoleAccessDefaults(role: $role, ordinary: $ordinary, secure: $secure) {\n      role\n      ordinary\n      secure\n    }\n  }\n": types.SetRoleAccessDefaultsDocument,
    "\n  mutation SetCapabilityAccess($userId: ID!, $capability: SecureCapability!, $level: AccessLevel) {\n    setCapabilityAccess(userId: $userId, capability: $capability, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n": types.SetCapabilityAccessDocument,
    "\n  fragment GuestPassFields on GuestPass {\n    id\n    guestName\n    validFrom\n    validUntil\n    status\n    endedAt\n    createdAt\n    redemptions\n    firstRedeemedAt\n    lastRedeemedAt\n    homeAccessRemoved\n    rooms {\n      room\n      level\n    }\n    devices {\n      deviceId\n      level\n    }\n    lockCode {\n      deviceId\n      name\n    }\n    createdBy {\n      id\n      displayName\n    }\n    endedBy {\n      id\n      displayName\n    }\n  }\n": types.GuestPassFieldsFragmentDoc,
    "\n  query GuestPasses($includeEnded: Boolean!) {\n    guestPasses(includeEnded: $includeEnded) {\n      ...GuestPassFields\n    }\n  }\n": types.GuestPassesDocument,
    "\n  query GuestPassChoices {\n    devices {\n      id\n      label\n      room\n      capabilities\n    }\n  }\n": types.GuestPassChoicesDocument,
    "\n  mutation CreateGuestPass($input: CreateGuestPassInput!) {\n    createGuestPass(input: $input) {\n      link\n      pass {\n        ...GuestPassFields\n      }\n    }\n  }\n": types.CreateGuestPassDocument,
    "\n  mutation EndGuestPass($id: ID!) {\n    endGuestPass(id: $id) {\n      ...GuestPassFields\n    }\n  }\n": types.EndGuestPassDocument,
    "\n  query AdminUsers($search: String, $page: PageInput) {\n    users(search: $search, page: $page) {\n      items {\n        id\n        email\n        displayName\n        role\n        createdAt\n        disabledAt\n        emailVerifiedAt\n      }\n      total\n      page\n      pageSize\n    }\n  }\n": types.AdminUsersDocument,
    "\n  mutation InviteUser($email: String!, $displayName: String, $role: Role!) {\n    inviteUser(email: $email, displayName: $displayName, role: $role) {\n      id\n      email\n      displayName\n      role\n    }\n  }\n": types.InviteUserDocument,
    "\n  mutation SetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n": types.SetUserRoleDocument,
    "\n  mutation DisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      disabledAt\n    }\n  }\n": types.DisableUserDocument,
    "\n  mutation EnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      disabledAt\n    }\n  }\n": types.EnableUserDocument,
    "\n  query SystemSettings {\n    systemSettings {\n      key\n      value\n      defaultValue\n      type\n      description\n      min\n      max\n      choices\n      updatedAt\n    }\n  }\n": types.SystemSettingsDocument,
    "\n  mutation SetSystemSetting($key: String!, $value: String!) {\n    setSystemSetting(key: $key, value: $value) {\n      key\n      value\n      updatedAt\n    }\n  }\n": types.SetSystemSettingDocument,
    "\n  query AdminHubs {\n    hubs {\n      name\n      primary\n      configured\n      connected\n      problem\n      lastEventAt\n      lastSyncAt\n      drift {\n        attributeValue\n        label\n        room\n        removed\n        returned\n        added\n        corrections\n        lastReconciledAt\n      }\n    }\n  }\n": types.AdminHubsDocument,
    "\n  mutation ReconcileHub($hub: String) {\n    reconcileHub(hub: $hub) {\n      at\n      devicesChecked\n      corrections\n      ms\n      byKind {\n        attributeValue\n        label\n        room\n        removed\n        returned\n        added\n      }\n    }\n  }\n": types.ReconcileHubDocument,
    "\n  query NotificationRetention {\n    notificationRetentionDays\n  }\n": types.NotificationRetentionDocument,
    "\n  mutation SetNotificationRetention($days: Int!) {\n    setNotificationRetentionDays(days: $days)\n  }\n": types.SetNotificationRetentionDocument,
    "\n  query AlarmPanel {\n    hub {\n      configured\n      connected\n      problem\n      myAccess {\n        hsm\n      }\n      ...AlarmFields\n    }\n  }\n": types.AlarmPanelDocument,
    "\n  query AlarmHistory {\n    hsmHistory(limit: 20) {\n      kind\n      value\n      text\n      at\n    }\n  }\n": types.AlarmHistoryDocument,
    "\n  mutation SetAlarm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      ...AlarmFields\n    }\n  }\n": types.SetAlarmDocument,
    "\n  fragment AutomationFields on Automation {\n    id\n    name\n    enabled\n    trigger\n    conditions\n    actions\n    lastFiredAt\n    createdAt\n  }\n": types.AutomationFieldsFragmentDoc,
    "\n  query Automations {\n    automations {\n      ...AutomationFields\n    }\n  }\n": types.AutomationsDocument,
    "\n  query Automation($id: ID!) {\n    automation(id: $id) {\n      ...AutomationFields\n    }\n  }\n": types.AutomationDocument,
    "\n  query RuleChoices {\n    devices {\n      id\n      label\n      room\n      attributes {\n        name\n        dataType\n        values\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    hub {\n      modes {\n        id\n        name\n      }\n    }\n  }\n": types.RuleChoicesDocument,
    "\n  mutation CreateAutomation($input: AutomationInput!) {\n    createAutomation(input: $input) {\n      ...AutomationFields\n    }\n  }\n": types.CreateAutomationDocument,
    "\n  mutation UpdateAutomation($id: ID!, $input: AutomationInput!) {\n    updateAutomation(id: $id, input: $input) {\n      ...AutomationFields\n    }\n  }\n": types.UpdateAutomationDocument,
    "\n  mutation SetAutomationEnabled($id: ID!, $enabled: Boolean!) {\n    setAutomationEnabled(id: $id, enabled: $enabled) {\n      id\n      enabled\n    }\n  }\n": types.SetAutomationEnabledDocument,
    "\n  mutation DeleteAutomation($id: ID!) {\n    deleteAutomation(id: $id)\n  }\n": types.DeleteAutomationDocument,
    "\n  mutation ConfirmEmailChange($token: String!) {\n    confirmEmailChange(token: $token)\n  }\n": types.ConfirmEmailChangeDocument,
    "\n  query DeviceDetail($id: ID!, $limit: Int!) {\n    device(id: $id) {\n      ...DeviceFields\n      name\n      hubDeviceId\n      lastChangedAt\n      lastChangedBy {\n        id\n        displayName\n      }\n      attributes {\n        name\n        updatedAt\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    deviceEvents(deviceId: $id, limit: $limit) {\n      ...DeviceEventFields\n    }\n  }\n": types.DeviceDetailDocument,
    "\n  fragment DeviceEventFields on DeviceEvent {\n    id\n    name\n    value\n    unit\n    source\n    description\n    createdAt\n    changedBy {\n      id\n      displayName\n    }\n  }\n": types.DeviceEventFieldsFragmentDoc,
    "\n  subscription DeviceEventAdded($deviceId: ID!) {\n    deviceEvent(deviceId: $deviceId) {\n      ...DeviceEventFields\n    }\n  }\n": types.DeviceEventAddedDocument,
    "\n  fragment EmailTemplateFields on EmailTemplate {\n    id\n    key\n    name\n    kind\n    subject\n    html\n    text\n    builtIn\n    updatedAt\n  }\n": types.EmailTemplateFieldsFragmentDoc,
    "\n  fragment BulkRunFields on BulkEmailRun {\n    id\n    total\n    queued\n    sent\n    failed\n    suppressed\n    done\n  }\n": types.BulkRunFieldsFragmentDoc,
    "\n  query EmailTemplates {\n    emailTemplates {\n      ...EmailTemplateFields\n    }\n  }\n": types.EmailTemplatesDocument,
    "\n  query PreviewEmailDraft($draft: EmailDraftInput!, $variables: JSONObject) {\n    previewEmailDraft(draft: $draft, variables: $variables) {\n      subject\n      text\n      html\n    }\n  }\n": types.PreviewEmailDraftDocument,
    "\n  mutation CreateEmailTemplate($input: CreateEmailTemplateInput!) {\n    createEmailTemplate(input: $input) {\n      ...EmailTemplateFields\n    }\n  }\n": types.CreateEmailTemplateDocument,
    "\n  mutation UpdateEmailTemplate($key: String!, $input: UpdateEmailTemplateInput!) {\n    updateEmailTemplate(key: $key, input: $input) {\n      ...EmailTemplateFields\n    }\n  }\n": types.UpdateEmailTemplateDocument,
    "\n  mutation SendTestEmail($input: SendEmailInput!) {\n    sendEmail(input: $input) {\n      id\n      recipient\n      subject\n      status\n    }\n  }\n": types.SendTestEmailDocument,
    "\n  query EmailLogs($filter: EmailLogFilter, $page: PageInput) {\n    emailLogs(filter: $filter, page: $page) {\n      items {\n        id\n        recipient\n        subject\n        status\n        kind\n        attempts\n        lastError\n        templateKey\n        bulkRunId\n        createdAt\n        sentAt\n      }\n      total\n      page\n      pageSize\n    }\n  }\n": types.EmailLogsDocument,
    "\n  mutation SendBulkEmail($input: SendBulkEmailInput!) {\n    sendBulkEmail(input: $input) {\n      ...BulkRunFields\n    }\n  }\n": types.SendBulkEmailDocument,
    "\n  query BulkEmailRun($id: ID!) {\n    bulkEmailRun(id: $id) {\n      ...BulkRunFields\n    }\n  }\n": types.BulkEmailRunDocument,
    "\n  subscription BulkEmailProgress($runId: ID!) {\n    bulkEmailProgress(runId: $runId) {\n      ...BulkRunFields\n    }\n  }\n": types.BulkEmailProgressDocument,
    "\n  query DevMailbox($page: PageInput) {\n    devMailbox(page: $page) {\n      enabled\n      total\n      items {\n        id\n        receivedAt\n        envelopeTo\n        fromHeader\n        subject\n        size\n      }\n    }\n  }\n": types.DevMailboxDocument,
    "\n  query DevMailboxMessage($id: ID!) {\n    devMailboxMessage(id: $id) {\n      id\n      receivedAt\n      envelopeFrom\n      envelopeTo\n      fromHeader\n      toHeader\n      subject\n      text\n      html\n    }\n  }\n": types.DevMailboxMessageDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPasswordWithCode($email: String!, $code: String!, $newPassword: String!) {\n    resetPasswordWithCode(email: $email, code: $code, newPassword: $newPassword)\n  }\n": types.ResetPasswordWithCodeDocument,
    "\n  query GuestHome {\n    myGuestPass {\n      id\n      guestName\n      validFrom\n      validUntil\n      status\n    }\n    devices {\n      ...DeviceFields\n    }\n  }\n": types.GuestHomeDocument,
    "\n  query HistoryDevices {\n    devices {\n      id\n      label\n      room\n      attributes {\n        name\n        dataType\n        unit\n      }\n      historyRetention {\n        eventDays\n        rollupDays\n      }\n    }\n  }\n": types.HistoryDevicesDocument,
    "\n  query DeviceHistory(\n    $deviceId: ID!\n    $attribute: String!\n    $from: DateTimeISO!\n    $to: DateTimeISO\n    $resolution: HistoryResolution\n  ) {\n    deviceHistory(deviceId: $deviceId, attribute: $attribute, from: $from, to: $to, resolution: $resolution) {\n      attribute\n      unit\n      resolution\n      from\n      to\n      points {\n        at\n        count\n        min\n        max\n        mean\n        increase\n      }\n    }\n  }\n": types.DeviceHistoryDocument,
    "\n  query MyApiTokens {\n    myApiTokens {\n      id\n      name\n      createdAt\n      expiresAt\n      lastUsedAt\n    }\n  }\n": types.MyApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $expiresInDays: Int) {\n    createApiToken(name: $name, expiresInDays: $expiresInDays) {\n      token\n      apiToken {\n        id\n        name\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n": types.RevokeApiTokenDocument,
    "\n  mutation RequestEmailChange($newEmail: String!) {\n    requestEmailChange(newEmail: $newEmail)\n  }\n": types.RequestEmailChangeDocument,
    "\n  mutation ConfirmEmailChangeWithCode($code: String!) {\n    confirmEmailChangeWithCode(code: $code)\n  }\n": types.ConfirmEmailChangeWithCodeDocument,
    "\n  query Profile {\n    me {\n      id\n      email\n      displayName\n      role\n      createdAt\n    }\n    myEmailPreferences {\n      userId\n      notificationsEnabled\n      digest\n      updatedAt\n    }\n  }\n": types.ProfileDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      displayName\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  mutation UpdateEmailPreferences($input: UpdateEmailPreferencesInput!) {\n    updateEmailPreferences(input: $input) {\n      userId\n      notificationsEnabled\n      digest\n      updatedAt\n    }\n  }\n": types.UpdateEmailPreferencesDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  query SecurityStatus {\n    mySecondFactor {\n      totpEnabled\n      recoveryCodesLeft\n      required\n      enrolBy\n      passkeys {\n        id\n        name\n        createdAt\n        lastUsedAt\n        backedUp\n      }\n    }\n  }\n": types.SecurityStatusDocument,
    "\n  mutation BeginTotpEnrollment {\n    beginTotpEnrollment {\n      secret\n      otpauthUri\n      qrCodeSvg\n    }\n  }\n": types.BeginTotpEnrollmentDocument,
    "\n  mutation ConfirmTotpEnrollment($code: String!) {\n    confirmTotpEnrollment(code: $code) {\n      enabled\n      accessToken\n      recoveryCodes\n    }\n  }\n": types.ConfirmTotpEnrollmentDocument,
    "\n  mutation DisableTotp {\n    disableTotp\n  }\n": types.DisableTotpDocument,
    "\n  mutation BeginPasskeyRegistration {\n    beginPasskeyRegistration {\n      challengeId\n      optionsJSON\n      expiresAt\n    }\n  }\n": types.BeginPasskeyRegistrationDocument,
    "\n  mutation FinishPasskeyRegistration($challengeId: String!, $response: String!, $name: String) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response, name: $name) {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n": types.FinishPasskeyRegistrationDocument,
    "\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n": types.RenamePasskeyDocument,
    "\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n": types.RemovePasskeyDocument,
    "\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ip\n      current\n    }\n  }\n": types.MySessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.RevokeSessionDocument,
    "\n  mutation SignOutEverywhere($token: String!) {\n    signOutEverywhere(token: $token)\n  }\n": types.SignOutEverywhereDocument,
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
export function graphql(source: "\n  fragment AlarmFields on Hub {\n    hsmStatus\n    hsmArmingSince\n    hsmArmingUntil\n    hsmAlert {\n      kind\n      at\n      text\n    }\n  }\n"): (typeof documents)["\n  fragment AlarmFields on Hub {\n    hsmStatus\n    hsmArmingSince\n    hsmArmingUntil\n    hsmAlert {\n      kind\n      at\n      text\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlarmStatus {\n    hub {\n      ...AlarmFields\n    }\n  }\n"): (typeof documents)["\n  query AlarmStatus {\n    hub {\n      ...AlarmFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription HsmChanged {\n    hsmChanged {\n      status\n      armingSince\n      armingUntil\n      alert {\n        kind\n        at\n        text\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription HsmChanged {\n    hsmChanged {\n      status\n      armingSince\n      armingUntil\n      alert {\n        kind\n        at\n        text\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySecondFactor {\n    mySecondFactor {\n      totpEnabled\n      passkeys {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query MySecondFactor {\n    mySecondFactor {\n      totpEnabled\n      passkeys {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepUp($password: String, $code: String, $recoveryCode: String) {\n    stepUp(password: $password, code: $code, recoveryCode: $recoveryCode) {\n      accessToken\n      expiresAt\n      stepUpAt\n    }\n  }\n"): (typeof documents)["\n  mutation StepUp($password: String, $code: String, $recoveryCode: String) {\n    stepUp(password: $password, code: $code, recoveryCode: $recoveryCode) {\n      accessToken\n      expiresAt\n      stepUpAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BeginPasskeyStepUp {\n    beginPasskeyStepUp {\n      challengeId\n      optionsJSON\n    }\n  }\n"): (typeof documents)["\n  mutation BeginPasskeyStepUp {\n    beginPasskeyStepUp {\n      challengeId\n      optionsJSON\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeyStepUp($challengeId: String!, $response: String!) {\n    finishPasskeyStepUp(challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresAt\n      stepUpAt\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeyStepUp($challengeId: String!, $response: String!) {\n    finishPasskeyStepUp(challengeId: $challengeId, response: $response) {\n      accessToken\n      expiresAt\n      stepUpAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnlockFrontDoor {\n    sendDeviceCommand(deviceId: \"7\", command: \"unlock\") {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation UnlockFrontDoor {\n    sendDeviceCommand(deviceId: \"7\", command: \"unlock\") {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeviceFields on Device {\n    id\n    label\n    room\n    type\n    capabilities\n    stale\n    online\n    removed\n    removedAt\n    favorite\n    myAccess\n    lastEventAt\n    pendingCommands {\n      name\n      queuedAt\n      sending\n    }\n    attributes {\n      name\n      value\n      dataType\n      values\n      unit\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  fragment DeviceFields on Device {\n    id\n    label\n    room\n    type\n    capabilities\n    stale\n    online\n    removed\n    removedAt\n    favorite\n    myAccess\n    lastEventAt\n    pendingCommands {\n      name\n      queuedAt\n      sending\n    }\n    attributes {\n      name\n      value\n      dataType\n      values\n      unit\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard {\n    devices {\n      ...DeviceFields\n    }\n    hub {\n      configured\n      connected\n      problem\n      mode\n      modes {\n        id\n        name\n      }\n      hsmStatus\n      myAccess {\n        hsm\n        mode\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard {\n    devices {\n      ...DeviceFields\n    }\n    hub {\n      configured\n      connected\n      problem\n      mode\n      modes {\n        id\n        name\n      }\n      hsmStatus\n      myAccess {\n        hsm\n        mode\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation SetFavoriteDevice($id: ID!, $favorite: Boolean!) {\n    setFavoriteDevice(id: $id, favorite: $favorite) {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetFavoriteDevice($id: ID!, $favorite: Boolean!) {\n    setFavoriteDevice(id: $id, favorite: $favorite) {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ForgetDevice($id: ID!) {\n    forgetDevice(id: $id)\n  }\n"): (typeof documents)["\n  mutation ForgetDevice($id: ID!) {\n    forgetDevice(id: $id)\n  }\n"];
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
export function graphql(source: "\n  query SecondFactorDue {\n    mySecondFactor {\n      totpEnabled\n      required\n      enrolBy\n      enrolmentOnly\n    }\n  }\n"): (typeof documents)["\n  query SecondFactorDue {\n    mySecondFactor {\n      totpEnabled\n      required\n      enrolBy\n      enrolmentOnly\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationFields on Notification {\n    id\n    kind\n    severity\n    title\n    body\n    url\n    createdAt\n    readAt\n  }\n"): (typeof documents)["\n  fragment NotificationFields on Notification {\n    id\n    kind\n    severity\n    title\n    body\n    url\n    createdAt\n    readAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n"): (typeof documents)["\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications($page: PageInput, $unreadOnly: Boolean) {\n    notifications(page: $page, unreadOnly: $unreadOnly) {\n      items {\n        ...NotificationFields\n      }\n      total\n      page\n      pageSize\n    }\n  }\n"): (typeof documents)["\n  query Notifications($page: PageInput, $unreadOnly: Boolean) {\n    notifications(page: $page, unreadOnly: $unreadOnly) {\n      items {\n        ...NotificationFields\n      }\n      total\n      page\n      pageSize\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationReceived {\n    notificationReceived {\n      ...NotificationFields\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationReceived {\n    notificationReceived {\n      ...NotificationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      ...NotificationFields\n    }\n  }\n"): (typeof documents)["\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      ...NotificationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n"): (typeof documents)["\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationSettingsFields on NotificationSettings {\n    routes {\n      kind\n      channels\n    }\n    quietHours {\n      enabled\n      start\n      end\n      timeZone\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationSettingsFields on NotificationSettings {\n    routes {\n      kind\n      channels\n    }\n    quietHours {\n      enabled\n      start\n      end\n      timeZone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyNotificationSettings {\n    myNotificationSettings {\n      ...NotificationSettingsFields\n    }\n  }\n"): (typeof documents)["\n  query MyNotificationSettings {\n    myNotificationSettings {\n      ...NotificationSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationRoute($kind: NotificationKind!, $channels: [NotificationChannel!]!) {\n    setNotificationRoute(kind: $kind, channels: $channels) {\n      ...NotificationSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetNotificationRoute($kind: NotificationKind!, $channels: [NotificationChannel!]!) {\n    setNotificationRoute(kind: $kind, channels: $channels) {\n      ...NotificationSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetQuietHours($input: QuietHoursInput!) {\n    setQuietHours(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetQuietHours($input: QuietHoursInput!) {\n    setQuietHours(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebPushSubscriptionFields on WebPushSubscription {\n    id\n    userAgent\n    createdAt\n    lastSuccessAt\n  }\n"): (typeof documents)["\n  fragment WebPushSubscriptionFields on WebPushSubscription {\n    id\n    userAgent\n    createdAt\n    lastSuccessAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PushSubscriptions {\n    webPushPublicKey\n    myPushSubscriptions {\n      ...WebPushSubscriptionFields\n    }\n  }\n"): (typeof documents)["\n  query PushSubscriptions {\n    webPushPublicKey\n    myPushSubscriptions {\n      ...WebPushSubscriptionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddPushSubscription($endpoint: String!, $p256dh: String!, $auth: String!, $userAgent: String) {\n    addPushSubscription(input: { endpoint: $endpoint, p256dh: $p256dh, auth: $auth, userAgent: $userAgent }) {\n      ...WebPushSubscriptionFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddPushSubscription($endpoint: String!, $p256dh: String!, $auth: String!, $userAgent: String) {\n    addPushSubscription(input: { endpoint: $endpoint, p256dh: $p256dh, auth: $auth, userAgent: $userAgent }) {\n      ...WebPushSubscriptionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemovePushSubscription($id: ID!) {\n    removePushSubscription(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemovePushSubscription($id: ID!) {\n    removePushSubscription(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvite($token: String!, $password: String!) {\n    acceptInvite(token: $token, password: $password) {\n      user {\n        id\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvite($token: String!, $password: String!) {\n    acceptInvite(token: $token, password: $password) {\n      user {\n        id\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ActivityEntryFields on ActivityEntry {\n    id\n    at\n    kind\n    summary\n    deviceId\n    room\n    actor {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment ActivityEntryFields on ActivityEntry {\n    id\n    at\n    kind\n    summary\n    deviceId\n    room\n    actor {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Activity($first: Int, $after: String, $filter: ActivityFilter) {\n    activity(first: $first, after: $after, filter: $filter) {\n      items {\n        ...ActivityEntryFields\n      }\n      endCursor\n      hasMore\n    }\n  }\n"): (typeof documents)["\n  query Activity($first: Int, $after: String, $filter: ActivityFilter) {\n    activity(first: $first, after: $after, filter: $filter) {\n      items {\n        ...ActivityEntryFields\n      }\n      endCursor\n      hasMore\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ActivityAdded($filter: ActivityFilter) {\n    activityAdded(filter: $filter) {\n      ...ActivityEntryFields\n    }\n  }\n"): (typeof documents)["\n  subscription ActivityAdded($filter: ActivityFilter) {\n    activityAdded(filter: $filter) {\n      ...ActivityEntryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityRooms {\n    rooms {\n      name\n    }\n  }\n"): (typeof documents)["\n  query ActivityRooms {\n    rooms {\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PersonAccessFields on HomeAccess {\n    userId\n    role\n    validUntil\n    rooms {\n      room\n      level\n      granted\n    }\n    devices {\n      deviceId\n      level\n      secure\n      source\n      granted\n    }\n    capabilities {\n      capability\n      level\n      source\n      granted\n    }\n  }\n"): (typeof documents)["\n  fragment PersonAccessFields on HomeAccess {\n    userId\n    role\n    validUntil\n    rooms {\n      room\n      level\n      granted\n    }\n    devices {\n      deviceId\n      level\n      secure\n      source\n      granted\n    }\n    capabilities {\n      capability\n      level\n      source\n      granted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessMatrix {\n    accessMatrix {\n      rooms {\n        name\n        devices {\n          secure\n          device {\n            id\n            label\n          }\n        }\n      }\n      roleDefaults {\n        role\n        ordinary\n        secure\n      }\n      people {\n        id\n        displayName\n        role\n        homeAccess {\n          ...PersonAccessFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AccessMatrix {\n    accessMatrix {\n      rooms {\n        name\n        devices {\n          secure\n          device {\n            id\n            label\n          }\n        }\n      }\n      roleDefaults {\n        role\n        ordinary\n        secure\n      }\n      people {\n        id\n        displayName\n        role\n        homeAccess {\n          ...PersonAccessFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRoomAccess($userId: ID!, $room: String!, $level: AccessLevel) {\n    setRoomAccess(userId: $userId, room: $room, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetRoomAccess($userId: ID!, $room: String!, $level: AccessLevel) {\n    setRoomAccess(userId: $userId, room: $room, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDeviceAccess($userId: ID!, $deviceId: ID!, $level: AccessLevel) {\n    setDeviceAccess(userId: $userId, deviceId: $deviceId, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetDeviceAccess($userId: ID!, $deviceId: ID!, $level: AccessLevel) {\n    setDeviceAccess(userId: $userId, deviceId: $deviceId, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRoleAccessDefaults($role: Role!, $ordinary: AccessLevel!, $secure: AccessLevel!) {\n    setRoleAccessDefaults(role: $role, ordinary: $ordinary, secure: $secure) {\n      role\n      ordinary\n      secure\n    }\n  }\n"): (typeof documents)["\n  mutation SetRoleAccessDefaults($role: Role!, $ordinary: AccessLevel!, $secure: AccessLevel!) {\n    setRoleAccessDefaults(role: $role, ordinary: $ordinary, secure: $secure) {\n      role\n      ordinary\n      secure\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCapabilityAccess($userId: ID!, $capability: SecureCapability!, $level: AccessLevel) {\n    setCapabilityAccess(userId: $userId, capability: $capability, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetCapabilityAccess($userId: ID!, $capability: SecureCapability!, $level: AccessLevel) {\n    setCapabilityAccess(userId: $userId, capability: $capability, level: $level) {\n      id\n      homeAccess {\n        ...PersonAccessFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment GuestPassFields on GuestPass {\n    id\n    guestName\n    validFrom\n    validUntil\n    status\n    endedAt\n    createdAt\n    redemptions\n    firstRedeemedAt\n    lastRedeemedAt\n    homeAccessRemoved\n    rooms {\n      room\n      level\n    }\n    devices {\n      deviceId\n      level\n    }\n    lockCode {\n      deviceId\n      name\n    }\n    createdBy {\n      id\n      displayName\n    }\n    endedBy {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment GuestPassFields on GuestPass {\n    id\n    guestName\n    validFrom\n    validUntil\n    status\n    endedAt\n    createdAt\n    redemptions\n    firstRedeemedAt\n    lastRedeemedAt\n    homeAccessRemoved\n    rooms {\n      room\n      level\n    }\n    devices {\n      deviceId\n      level\n    }\n    lockCode {\n      deviceId\n      name\n    }\n    createdBy {\n      id\n      displayName\n    }\n    endedBy {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GuestPasses($includeEnded: Boolean!) {\n    guestPasses(includeEnded: $includeEnded) {\n      ...GuestPassFields\n    }\n  }\n"): (typeof documents)["\n  query GuestPasses($includeEnded: Boolean!) {\n    guestPasses(includeEnded: $includeEnded) {\n      ...GuestPassFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GuestPassChoices {\n    devices {\n      id\n      label\n      room\n      capabilities\n    }\n  }\n"): (typeof documents)["\n  query GuestPassChoices {\n    devices {\n      id\n      label\n      room\n      capabilities\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGuestPass($input: CreateGuestPassInput!) {\n    createGuestPass(input: $input) {\n      link\n      pass {\n        ...GuestPassFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateGuestPass($input: CreateGuestPassInput!) {\n    createGuestPass(input: $input) {\n      link\n      pass {\n        ...GuestPassFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndGuestPass($id: ID!) {\n    endGuestPass(id: $id) {\n      ...GuestPassFields\n    }\n  }\n"): (typeof documents)["\n  mutation EndGuestPass($id: ID!) {\n    endGuestPass(id: $id) {\n      ...GuestPassFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($search: String, $page: PageInput) {\n    users(search: $search, page: $page) {\n      items {\n        id\n        email\n        displayName\n        role\n        createdAt\n        disabledAt\n        emailVerifiedAt\n      }\n      total\n      page\n      pageSize\n    }\n  }\n"): (typeof documents)["\n  query AdminUsers($search: String, $page: PageInput) {\n    users(search: $search, page: $page) {\n      items {\n        id\n        email\n        displayName\n        role\n        createdAt\n        disabledAt\n        emailVerifiedAt\n      }\n      total\n      page\n      pageSize\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteUser($email: String!, $displayName: String, $role: Role!) {\n    inviteUser(email: $email, displayName: $displayName, role: $role) {\n      id\n      email\n      displayName\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation InviteUser($email: String!, $displayName: String, $role: Role!) {\n    inviteUser(email: $email, displayName: $displayName, role: $role) {\n      id\n      email\n      displayName\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      disabledAt\n    }\n  }\n"): (typeof documents)["\n  mutation DisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      disabledAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      disabledAt\n    }\n  }\n"): (typeof documents)["\n  mutation EnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      disabledAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemSettings {\n    systemSettings {\n      key\n      value\n      defaultValue\n      type\n      description\n      min\n      max\n      choices\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query SystemSettings {\n    systemSettings {\n      key\n      value\n      defaultValue\n      type\n      description\n      min\n      max\n      choices\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSystemSetting($key: String!, $value: String!) {\n    setSystemSetting(key: $key, value: $value) {\n      key\n      value\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation SetSystemSetting($key: String!, $value: String!) {\n    setSystemSetting(key: $key, value: $value) {\n      key\n      value\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminHubs {\n    hubs {\n      name\n      primary\n      configured\n      connected\n      problem\n      lastEventAt\n      lastSyncAt\n      drift {\n        attributeValue\n        label\n        room\n        removed\n        returned\n        added\n        corrections\n        lastReconciledAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminHubs {\n    hubs {\n      name\n      primary\n      configured\n      connected\n      problem\n      lastEventAt\n      lastSyncAt\n      drift {\n        attributeValue\n        label\n        room\n        removed\n        returned\n        added\n        corrections\n        lastReconciledAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReconcileHub($hub: String) {\n    reconcileHub(hub: $hub) {\n      at\n      devicesChecked\n      corrections\n      ms\n      byKind {\n        attributeValue\n        label\n        room\n        removed\n        returned\n        added\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReconcileHub($hub: String) {\n    reconcileHub(hub: $hub) {\n      at\n      devicesChecked\n      corrections\n      ms\n      byKind {\n        attributeValue\n        label\n        room\n        removed\n        returned\n        added\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationRetention {\n    notificationRetentionDays\n  }\n"): (typeof documents)["\n  query NotificationRetention {\n    notificationRetentionDays\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationRetention($days: Int!) {\n    setNotificationRetentionDays(days: $days)\n  }\n"): (typeof documents)["\n  mutation SetNotificationRetention($days: Int!) {\n    setNotificationRetentionDays(days: $days)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlarmPanel {\n    hub {\n      configured\n      connected\n      problem\n      myAccess {\n        hsm\n      }\n      ...AlarmFields\n    }\n  }\n"): (typeof documents)["\n  query AlarmPanel {\n    hub {\n      configured\n      connected\n      problem\n      myAccess {\n        hsm\n      }\n      ...AlarmFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlarmHistory {\n    hsmHistory(limit: 20) {\n      kind\n      value\n      text\n      at\n    }\n  }\n"): (typeof documents)["\n  query AlarmHistory {\n    hsmHistory(limit: 20) {\n      kind\n      value\n      text\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAlarm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      ...AlarmFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetAlarm($value: HsmCommand!) {\n    setHsm(value: $value) {\n      ...AlarmFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AutomationFields on Automation {\n    id\n    name\n    enabled\n    trigger\n    conditions\n    actions\n    lastFiredAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment AutomationFields on Automation {\n    id\n    name\n    enabled\n    trigger\n    conditions\n    actions\n    lastFiredAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Automations {\n    automations {\n      ...AutomationFields\n    }\n  }\n"): (typeof documents)["\n  query Automations {\n    automations {\n      ...AutomationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Automation($id: ID!) {\n    automation(id: $id) {\n      ...AutomationFields\n    }\n  }\n"): (typeof documents)["\n  query Automation($id: ID!) {\n    automation(id: $id) {\n      ...AutomationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RuleChoices {\n    devices {\n      id\n      label\n      room\n      attributes {\n        name\n        dataType\n        values\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    hub {\n      modes {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query RuleChoices {\n    devices {\n      id\n      label\n      room\n      attributes {\n        name\n        dataType\n        values\n      }\n      commands {\n        name\n        argTypes\n      }\n    }\n    hub {\n      modes {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAutomation($input: AutomationInput!) {\n    createAutomation(input: $input) {\n      ...AutomationFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAutomation($input: AutomationInput!) {\n    createAutomation(input: $input) {\n      ...AutomationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAutomation($id: ID!, $input: AutomationInput!) {\n    updateAutomation(id: $id, input: $input) {\n      ...AutomationFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAutomation($id: ID!, $input: AutomationInput!) {\n    updateAutomation(id: $id, input: $input) {\n      ...AutomationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAutomationEnabled($id: ID!, $enabled: Boolean!) {\n    setAutomationEnabled(id: $id, enabled: $enabled) {\n      id\n      enabled\n    }\n  }\n"): (typeof documents)["\n  mutation SetAutomationEnabled($id: ID!, $enabled: Boolean!) {\n    setAutomationEnabled(id: $id, enabled: $enabled) {\n      id\n      enabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAutomation($id: ID!) {\n    deleteAutomation(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteAutomation($id: ID!) {\n    deleteAutomation(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmEmailChange($token: String!) {\n    confirmEmailChange(token: $token)\n  }\n"): (typeof documents)["\n  mutation ConfirmEmailChange($token: String!) {\n    confirmEmailChange(token: $token)\n  }\n"];
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
export function graphql(source: "\n  fragment EmailTemplateFields on EmailTemplate {\n    id\n    key\n    name\n    kind\n    subject\n    html\n    text\n    builtIn\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment EmailTemplateFields on EmailTemplate {\n    id\n    key\n    name\n    kind\n    subject\n    html\n    text\n    builtIn\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BulkRunFields on BulkEmailRun {\n    id\n    total\n    queued\n    sent\n    failed\n    suppressed\n    done\n  }\n"): (typeof documents)["\n  fragment BulkRunFields on BulkEmailRun {\n    id\n    total\n    queued\n    sent\n    failed\n    suppressed\n    done\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailTemplates {\n    emailTemplates {\n      ...EmailTemplateFields\n    }\n  }\n"): (typeof documents)["\n  query EmailTemplates {\n    emailTemplates {\n      ...EmailTemplateFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewEmailDraft($draft: EmailDraftInput!, $variables: JSONObject) {\n    previewEmailDraft(draft: $draft, variables: $variables) {\n      subject\n      text\n      html\n    }\n  }\n"): (typeof documents)["\n  query PreviewEmailDraft($draft: EmailDraftInput!, $variables: JSONObject) {\n    previewEmailDraft(draft: $draft, variables: $variables) {\n      subject\n      text\n      html\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateEmailTemplate($input: CreateEmailTemplateInput!) {\n    createEmailTemplate(input: $input) {\n      ...EmailTemplateFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateEmailTemplate($input: CreateEmailTemplateInput!) {\n    createEmailTemplate(input: $input) {\n      ...EmailTemplateFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateEmailTemplate($key: String!, $input: UpdateEmailTemplateInput!) {\n    updateEmailTemplate(key: $key, input: $input) {\n      ...EmailTemplateFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateEmailTemplate($key: String!, $input: UpdateEmailTemplateInput!) {\n    updateEmailTemplate(key: $key, input: $input) {\n      ...EmailTemplateFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestEmail($input: SendEmailInput!) {\n    sendEmail(input: $input) {\n      id\n      recipient\n      subject\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestEmail($input: SendEmailInput!) {\n    sendEmail(input: $input) {\n      id\n      recipient\n      subject\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailLogs($filter: EmailLogFilter, $page: PageInput) {\n    emailLogs(filter: $filter, page: $page) {\n      items {\n        id\n        recipient\n        subject\n        status\n        kind\n        attempts\n        lastError\n        templateKey\n        bulkRunId\n        createdAt\n        sentAt\n      }\n      total\n      page\n      pageSize\n    }\n  }\n"): (typeof documents)["\n  query EmailLogs($filter: EmailLogFilter, $page: PageInput) {\n    emailLogs(filter: $filter, page: $page) {\n      items {\n        id\n        recipient\n        subject\n        status\n        kind\n        attempts\n        lastError\n        templateKey\n        bulkRunId\n        createdAt\n        sentAt\n      }\n      total\n      page\n      pageSize\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendBulkEmail($input: SendBulkEmailInput!) {\n    sendBulkEmail(input: $input) {\n      ...BulkRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation SendBulkEmail($input: SendBulkEmailInput!) {\n    sendBulkEmail(input: $input) {\n      ...BulkRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BulkEmailRun($id: ID!) {\n    bulkEmailRun(id: $id) {\n      ...BulkRunFields\n    }\n  }\n"): (typeof documents)["\n  query BulkEmailRun($id: ID!) {\n    bulkEmailRun(id: $id) {\n      ...BulkRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BulkEmailProgress($runId: ID!) {\n    bulkEmailProgress(runId: $runId) {\n      ...BulkRunFields\n    }\n  }\n"): (typeof documents)["\n  subscription BulkEmailProgress($runId: ID!) {\n    bulkEmailProgress(runId: $runId) {\n      ...BulkRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DevMailbox($page: PageInput) {\n    devMailbox(page: $page) {\n      enabled\n      total\n      items {\n        id\n        receivedAt\n        envelopeTo\n        fromHeader\n        subject\n        size\n      }\n    }\n  }\n"): (typeof documents)["\n  query DevMailbox($page: PageInput) {\n    devMailbox(page: $page) {\n      enabled\n      total\n      items {\n        id\n        receivedAt\n        envelopeTo\n        fromHeader\n        subject\n        size\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DevMailboxMessage($id: ID!) {\n    devMailboxMessage(id: $id) {\n      id\n      receivedAt\n      envelopeFrom\n      envelopeTo\n      fromHeader\n      toHeader\n      subject\n      text\n      html\n    }\n  }\n"): (typeof documents)["\n  query DevMailboxMessage($id: ID!) {\n    devMailboxMessage(id: $id) {\n      id\n      receivedAt\n      envelopeFrom\n      envelopeTo\n      fromHeader\n      toHeader\n      subject\n      text\n      html\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPasswordWithCode($email: String!, $code: String!, $newPassword: String!) {\n    resetPasswordWithCode(email: $email, code: $code, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ResetPasswordWithCode($email: String!, $code: String!, $newPassword: String!) {\n    resetPasswordWithCode(email: $email, code: $code, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GuestHome {\n    myGuestPass {\n      id\n      guestName\n      validFrom\n      validUntil\n      status\n    }\n    devices {\n      ...DeviceFields\n    }\n  }\n"): (typeof documents)["\n  query GuestHome {\n    myGuestPass {\n      id\n      guestName\n      validFrom\n      validUntil\n      status\n    }\n    devices {\n      ...DeviceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HistoryDevices {\n    devices {\n      id\n      label\n      room\n      attributes {\n        name\n        dataType\n        unit\n      }\n      historyRetention {\n        eventDays\n        rollupDays\n      }\n    }\n  }\n"): (typeof documents)["\n  query HistoryDevices {\n    devices {\n      id\n      label\n      room\n      attributes {\n        name\n        dataType\n        unit\n      }\n      historyRetention {\n        eventDays\n        rollupDays\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeviceHistory(\n    $deviceId: ID!\n    $attribute: String!\n    $from: DateTimeISO!\n    $to: DateTimeISO\n    $resolution: HistoryResolution\n  ) {\n    deviceHistory(deviceId: $deviceId, attribute: $attribute, from: $from, to: $to, resolution: $resolution) {\n      attribute\n      unit\n      resolution\n      from\n      to\n      points {\n        at\n        count\n        min\n        max\n        mean\n        increase\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeviceHistory(\n    $deviceId: ID!\n    $attribute: String!\n    $from: DateTimeISO!\n    $to: DateTimeISO\n    $resolution: HistoryResolution\n  ) {\n    deviceHistory(deviceId: $deviceId, attribute: $attribute, from: $from, to: $to, resolution: $resolution) {\n      attribute\n      unit\n      resolution\n      from\n      to\n      points {\n        at\n        count\n        min\n        max\n        mean\n        increase\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyApiTokens {\n    myApiTokens {\n      id\n      name\n      createdAt\n      expiresAt\n      lastUsedAt\n    }\n  }\n"): (typeof documents)["\n  query MyApiTokens {\n    myApiTokens {\n      id\n      name\n      createdAt\n      expiresAt\n      lastUsedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($name: String!, $expiresInDays: Int) {\n    createApiToken(name: $name, expiresInDays: $expiresInDays) {\n      token\n      apiToken {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($name: String!, $expiresInDays: Int) {\n    createApiToken(name: $name, expiresInDays: $expiresInDays) {\n      token\n      apiToken {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestEmailChange($newEmail: String!) {\n    requestEmailChange(newEmail: $newEmail)\n  }\n"): (typeof documents)["\n  mutation RequestEmailChange($newEmail: String!) {\n    requestEmailChange(newEmail: $newEmail)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmEmailChangeWithCode($code: String!) {\n    confirmEmailChangeWithCode(code: $code)\n  }\n"): (typeof documents)["\n  mutation ConfirmEmailChangeWithCode($code: String!) {\n    confirmEmailChangeWithCode(code: $code)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Profile {\n    me {\n      id\n      email\n      displayName\n      role\n      createdAt\n    }\n    myEmailPreferences {\n      userId\n      notificationsEnabled\n      digest\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query Profile {\n    me {\n      id\n      email\n      displayName\n      role\n      createdAt\n    }\n    myEmailPreferences {\n      userId\n      notificationsEnabled\n      digest\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateEmailPreferences($input: UpdateEmailPreferencesInput!) {\n    updateEmailPreferences(input: $input) {\n      userId\n      notificationsEnabled\n      digest\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateEmailPreferences($input: UpdateEmailPreferencesInput!) {\n    updateEmailPreferences(input: $input) {\n      userId\n      notificationsEnabled\n      digest\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SecurityStatus {\n    mySecondFactor {\n      totpEnabled\n      recoveryCodesLeft\n      required\n      enrolBy\n      passkeys {\n        id\n        name\n        createdAt\n        lastUsedAt\n        backedUp\n      }\n    }\n  }\n"): (typeof documents)["\n  query SecurityStatus {\n    mySecondFactor {\n      totpEnabled\n      recoveryCodesLeft\n      required\n      enrolBy\n      passkeys {\n        id\n        name\n        createdAt\n        lastUsedAt\n        backedUp\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BeginTotpEnrollment {\n    beginTotpEnrollment {\n      secret\n      otpauthUri\n      qrCodeSvg\n    }\n  }\n"): (typeof documents)["\n  mutation BeginTotpEnrollment {\n    beginTotpEnrollment {\n      secret\n      otpauthUri\n      qrCodeSvg\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTotpEnrollment($code: String!) {\n    confirmTotpEnrollment(code: $code) {\n      enabled\n      accessToken\n      recoveryCodes\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmTotpEnrollment($code: String!) {\n    confirmTotpEnrollment(code: $code) {\n      enabled\n      accessToken\n      recoveryCodes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableTotp {\n    disableTotp\n  }\n"): (typeof documents)["\n  mutation DisableTotp {\n    disableTotp\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BeginPasskeyRegistration {\n    beginPasskeyRegistration {\n      challengeId\n      optionsJSON\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation BeginPasskeyRegistration {\n    beginPasskeyRegistration {\n      challengeId\n      optionsJSON\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeyRegistration($challengeId: String!, $response: String!, $name: String) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response, name: $name) {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeyRegistration($challengeId: String!, $response: String!, $name: String) {\n    finishPasskeyRegistration(challengeId: $challengeId, response: $response, name: $name) {\n      id\n      name\n      createdAt\n      lastUsedAt\n      backedUp\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RenamePasskey($id: ID!, $name: String!) {\n    renamePasskey(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemovePasskey($id: ID!) {\n    removePasskey(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ip\n      current\n    }\n  }\n"): (typeof documents)["\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ip\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutEverywhere($token: String!) {\n    signOutEverywhere(token: $token)\n  }\n"): (typeof documents)["\n  mutation SignOutEverywhere($token: String!) {\n    signOutEverywhere(token: $token)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;