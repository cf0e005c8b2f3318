import { ApiToken } from "./api-token.entity.js";
import { AuditLogEntry } from "./audit-log.entity.js";
import { GuestPass, GuestPassHomeTask } from "./guest-pass.entity.js";
import { OneTimeToken } from "./one-time-token.entity.js";
import { OutboxEmail } from "./outbox-email.entity.js";
import { SigningKey } from "./signing-key.entity.js";
import { SystemSetting } from "./system-setting.entity.js";
import { User } from "./user.entity.js";
import { UserSession } from "./user-session.entity.js";

export {
  ApiToken,
  AuditLogEntry,
  GuestPass,
  GuestPassHomeTask,
  OneTimeToken,
  OutboxEmail,
  SigningKey,
  SystemSetting,
  User,
  UserSession,
};
export const entities = [
  User,
  UserSession,
  SystemSetting,
  OneTimeToken,
  AuditLogEntry,
  SigningKey,
  OutboxEmail,
  ApiToken,
  GuestPass,
  GuestPassHomeTask,
];
