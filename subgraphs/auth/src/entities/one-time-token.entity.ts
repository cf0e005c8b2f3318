import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { User } from "./user.entity.js";

export enum OneTimeTokenPurpose {
  PASSWORD_RESET = "PASSWORD_RESET",
  INVITE = "INVITE",
  /** Between a right password and the second factor: short-lived, spent by completeSignIn. */
  SIGN_IN_CHALLENGE = "SIGN_IN_CHALLENGE",
  /** The "not you? sign out everywhere" link of a security alert. */
  SIGN_OUT_EVERYWHERE = "SIGN_OUT_EVERYWHERE",
  /** Confirms a new e-mail address (sent to that address, carrying it in `newEmail`). */
  EMAIL_CHANGE = "EMAIL_CHANGE",
}

/** A link sent by email (reset or invite): stored as a SHA-256 hash, used once, then dead. */
@Entity({ tableName: "password_reset_tokens" })
export class OneTimeToken {
  [OptionalProps]?: "attempts" | "createdAt";

  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 64, unique: true })
  tokenHash!: string;

  @ManyToOne({ entity: () => User, deleteRule: "cascade" })
  user!: User;

  @Enum({ items: () => OneTimeTokenPurpose, type: "string" })
  purpose!: OneTimeTokenPurpose;

  @Property({ type: "datetime" })
  expiresAt!: Date;

  @Property({ type: "datetime", nullable: true })
  usedAt?: Date | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  /** A reset's 6-digit code, as a keyed hash (a plain hash of six digits would be read back at once). */
  @Property({ type: "string", length: 64, nullable: true })
  codeHash?: string | null;

  /** For EMAIL_CHANGE: the address the person asked to switch to. */
  @Property({ type: "string", length: 255, nullable: true })
  newEmail?: string | null;

  /** Wrong codes tried against this reset; a few burn it. */
  @Property({ type: "integer", default: 0 })
  attempts: number = 0;
}
