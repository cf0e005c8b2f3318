import { Entity, ManyToOne, PrimaryKey, Property } from "@mikro-orm/core";
import { User } from "./user.entity.js";

/**
 * One refresh token. A sign-in starts a family (`familyId`, which is the `sid` of its access
 * tokens); each refresh adds a row to the family and points the old one at it (`replacedBy`).
 * `token` holds the SHA-256 of the refresh token, never the token itself.
 */
@Entity({ tableName: "user_sessions" })
export class UserSession {
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => User, deleteRule: "cascade" })
  user!: User;

  @Property({ type: "string", length: 255, unique: true })
  token!: string;

  /** Idle expiry: moves forward on every refresh, never past `absoluteExpiresAt`. */
  @Property({ type: "datetime" })
  expiresAt!: Date;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "uuid" })
  familyId!: string;

  @Property({ type: "integer", nullable: true })
  replacedBy?: number | null;

  @Property({ type: "string", length: 512, nullable: true })
  userAgent?: string | null;

  @Property({ type: "string", length: 64, nullable: true })
  ip?: string | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  lastUsedAt: Date = new Date();

  @Property({ type: "datetime", nullable: true })
  revokedAt?: Date | null;

  @Property({ type: "string", length: 64, nullable: true })
  revokedReason?: string | null;

  @Property({ type: "datetime" })
  absoluteExpiresAt!: Date;

  /** When the family last proved a factor (sign-in, step-up): the `auth_time` of its access tokens. */
  @Property({ type: "datetime", nullable: true })
  authTime?: Date | null;
}
