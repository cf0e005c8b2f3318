import { Entity, Enum, ManyToOne, PrimaryKey, Property } from "@mikro-orm/core";
import { User } from "./user.entity.js";

export enum OneTimeTokenPurpose {
  PASSWORD_RESET = "PASSWORD_RESET",
  INVITE = "INVITE",
}

/** A link sent by email (reset or invite): stored as a SHA-256 hash, used once, then dead. */
@Entity({ tableName: "password_reset_tokens" })
export class OneTimeToken {
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
}
