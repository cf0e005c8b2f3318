import { Entity, Index, PrimaryKey, Property } from "@mikro-orm/core";

/** One mail Homegraph sent or tried to send. `userId` names a user of the auth service (no foreign key across services). */
@Entity({ tableName: "email_logs" })
export class EmailLog {
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Index()
  @Property({ type: "integer", nullable: true })
  userId?: number | null;

  @Property({ type: "string", length: 255, nullable: true })
  recipient?: string | null;

  @Property({ type: "string", length: 255, nullable: true })
  subject?: string | null;

  @Property({ type: "datetime", nullable: true, defaultRaw: "now()" })
  sentAt?: Date | null;
}
