import { Entity, Enum, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";

export enum AuditEvent {
  LOGIN_SUCCEEDED = "LOGIN_SUCCEEDED",
  LOGIN_FAILED = "LOGIN_FAILED",
  LOGOUT = "LOGOUT",
  LOGOUT_EVERYWHERE = "LOGOUT_EVERYWHERE",
  SESSION_REVOKED = "SESSION_REVOKED",
  TOKEN_REFRESHED = "TOKEN_REFRESHED",
  REFRESH_REUSE_DETECTED = "REFRESH_REUSE_DETECTED",
  PASSWORD_CHANGED = "PASSWORD_CHANGED",
  PASSWORD_RESET_REQUESTED = "PASSWORD_RESET_REQUESTED",
  PASSWORD_RESET = "PASSWORD_RESET",
  /** A wrong (or expired, or unknown address's) 6-digit reset code. */
  PASSWORD_RESET_CODE_FAILED = "PASSWORD_RESET_CODE_FAILED",
  ROLE_CHANGED = "ROLE_CHANGED",
  USER_DISABLED = "USER_DISABLED",
  USER_ENABLED = "USER_ENABLED",
  USER_INVITED = "USER_INVITED",
  INVITE_ACCEPTED = "INVITE_ACCEPTED",
  USER_SIGNED_UP = "USER_SIGNED_UP",
  PROFILE_UPDATED = "PROFILE_UPDATED",
  SETTING_CHANGED = "SETTING_CHANGED",
  RATE_LIMITED = "RATE_LIMITED",
  SIGNING_KEY_ROTATED = "SIGNING_KEY_ROTATED",
  TOTP_ENROLMENT_STARTED = "TOTP_ENROLMENT_STARTED",
  TOTP_ENABLED = "TOTP_ENABLED",
  TOTP_DISABLED = "TOTP_DISABLED",
  /** A wrong authenticator code (sign-in, step-up, enrolment). */
  SECOND_FACTOR_FAILED = "SECOND_FACTOR_FAILED",
  /** A right code presented again in its time step: refused. */
  TOTP_REPLAY_REFUSED = "TOTP_REPLAY_REFUSED",
  SECOND_FACTOR_CHALLENGED = "SECOND_FACTOR_CHALLENGED",
  RECOVERY_CODE_USED = "RECOVERY_CODE_USED",
  /** A recovery code that is wrong or already used. */
  RECOVERY_CODE_REFUSED = "RECOVERY_CODE_REFUSED",
  STEP_UP = "STEP_UP",
  STEP_UP_FAILED = "STEP_UP_FAILED",
  /** An operation refused because the caller's last proven factor was too old. */
  STEP_UP_REQUIRED = "STEP_UP_REQUIRED",
  /** Signed out everywhere from an alert's "not you?" link. */
  SIGNED_OUT_BY_LINK = "SIGNED_OUT_BY_LINK",
  /** A new address was asked for; the confirmation went to it, a heads-up to the old one. */
  EMAIL_CHANGE_REQUESTED = "EMAIL_CHANGE_REQUESTED",
  EMAIL_CHANGED = "EMAIL_CHANGED",
  API_TOKEN_CREATED = "API_TOKEN_CREATED",
  API_TOKEN_REVOKED = "API_TOKEN_REVOKED",
  /** An API token's first exchange for an access token (later ones only move its lastUsedAt). */
  API_TOKEN_USED = "API_TOKEN_USED",
  /** An unknown, revoked or expired API token was presented. */
  API_TOKEN_REFUSED = "API_TOKEN_REFUSED",
  PASSKEY_REGISTERED = "PASSKEY_REGISTERED",
  PASSKEY_REMOVED = "PASSKEY_REMOVED",
  PASSKEY_RENAMED = "PASSKEY_RENAMED",
  PASSKEY_SIGN_IN = "PASSKEY_SIGN_IN",
  /** A passkey ceremony that did not verify (sign-in, step-up or registration: `details.ceremony`). */
  PASSKEY_SIGN_IN_FAILED = "PASSKEY_SIGN_IN_FAILED",
  PASSKEY_STEP_UP = "PASSKEY_STEP_UP",
  /** A passkey's signature counter did not increase: a copied authenticator; refused. */
  PASSKEY_CLONED = "PASSKEY_CLONED",
  GUEST_PASS_CREATED = "GUEST_PASS_CREATED",
  /** A pass refused at creation because the home service could not set it up; nothing was kept. */
  GUEST_PASS_CREATE_FAILED = "GUEST_PASS_CREATE_FAILED",
  /** A pass's link exchanged for a session (`details.redemption`: the how-manieth). */
  GUEST_PASS_REDEEMED = "GUEST_PASS_REDEEMED",
  /** A link refused: unknown (a guess), not yet valid, or ended (`details.reason`). */
  GUEST_PASS_REFUSED = "GUEST_PASS_REFUSED",
  /** A pass ended, early by an admin or at its end time (`details.reason`); its sessions were revoked. */
  GUEST_PASS_ENDED = "GUEST_PASS_ENDED",
  /** The home service confirmed the ended pass's grants (and lock code) are gone. */
  GUEST_PASS_HOME_ACCESS_REMOVED = "GUEST_PASS_HOME_ACCESS_REMOVED",
}
registerEnumType(AuditEvent, { name: "AuditEvent", description: "What an audit log entry records." });

@ObjectType({ description: "One security-relevant event: who, what, from where, when." })
@Entity({ tableName: "audit_log" })
export class AuditLogEntry {
  @Field(() => ID)
  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @Field(() => AuditEvent)
  @Enum({ items: () => AuditEvent, type: "string" })
  eventType!: AuditEvent;

  @Field(() => ID, { nullable: true, description: "The person the event is about." })
  @Property({ type: "integer", nullable: true })
  userId?: number | null;

  @Field(() => ID, { nullable: true, description: "Who did it, when not the person themself (an admin)." })
  @Property({ type: "integer", nullable: true })
  actorId?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 64, nullable: true })
  ip?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 512, nullable: true })
  userAgent?: string | null;

  @Field(() => GraphQLJSONObject)
  @Property({ type: "json" })
  details: Record<string, unknown> = {};

  @Field(() => Date)
  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}
