import { ActivityEntry } from "./activity-entry.entity.js";
import { BulkRun } from "./bulk-run.entity.js";
import { DevMailboxMessage } from "./dev-mailbox.entity.js";
import { EmailLog } from "./email-log.entity.js";
import { EmailPreference } from "./email-preference.entity.js";
import { EmailTemplate } from "./email-template.entity.js";
import { EmailSuppression, UnsubscribeToken } from "./unsubscribe.entity.js";
import { Notification } from "./notification.entity.js";
import { PushSubscription } from "./push-subscription.entity.js";

export {
  ActivityEntry,
  BulkRun,
  DevMailboxMessage,
  EmailLog,
  EmailPreference,
  EmailSuppression,
  EmailTemplate,
  Notification,
  PushSubscription,
  UnsubscribeToken,
};
export * from "./enums.js";
export * from "./notification-enums.js";
export { ActivityKind } from "./activity-entry.entity.js";
export const entities = [
  ActivityEntry,
  EmailLog,
  EmailTemplate,
  EmailPreference,
  UnsubscribeToken,
  EmailSuppression,
  BulkRun,
  DevMailboxMessage,
  Notification,
  PushSubscription,
];
