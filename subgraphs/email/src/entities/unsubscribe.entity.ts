import { Entity, Enum, OptionalProps, PrimaryKey, Property, Unique } from "@mikro-orm/core";
import { EmailKind } from "./enums.js";

/** A one-click unsubscribe link, stored as the SHA-256 of its token. */
@Entity({ tableName: "email_unsubscribe_tokens" })
export class UnsubscribeToken {
  [OptionalProps]?: "createdAt";

  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: "integer", nullable: true })
  userId?: number | null;

  @Property({ type: "string", length: 255 })
  recipient!: string;

  @Enum({ items: () => EmailKind, type: "string" })
  kind!: EmailKind;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", nullable: true })
  usedAt?: Date | null;
}

/** An unsubscribe of an address that belongs to no user. */
@Entity({ tableName: "email_suppressions" })
@Unique({ properties: ["address", "kind"] })
export class EmailSuppression {
  [OptionalProps]?: "createdAt";

  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 255 })
  address!: string;

  @Enum({ items: () => EmailKind, type: "string" })
  kind!: EmailKind;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}
