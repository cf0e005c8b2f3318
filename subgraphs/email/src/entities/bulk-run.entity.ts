import { Entity, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";

/** One sendBulkEmail request; its progress is counted from the email_logs rows that name it. */
@Entity({ tableName: "email_bulk_runs" })
export class BulkRun {
  [OptionalProps]?: "createdAt";

  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 64, nullable: true })
  templateKey?: string | null;

  @Property({ type: "string", length: 255, nullable: true })
  subject?: string | null;

  @Property({ type: "integer" })
  total!: number;

  @Property({ type: "integer", nullable: true })
  requestedBy?: number | null;

  @Property({ type: "string", length: 255, nullable: true, unique: true })
  idempotencyKey?: string | null;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}
