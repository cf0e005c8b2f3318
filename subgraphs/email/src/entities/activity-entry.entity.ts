import { Entity, PrimaryKey, Property } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";

export enum ActivityKind {
  DEVICE_COMMAND = "DEVICE_COMMAND",
  AUTOMATION_FIRED = "AUTOMATION_FIRED",
  SIGN_IN_NEW_BROWSER = "SIGN_IN_NEW_BROWSER",
  PASSWORD_CHANGED = "PASSWORD_CHANGED",
  MAIL_SENT = "MAIL_SENT",
  INVITATION = "INVITATION",
}

/**
 * One thing someone did in the household, as the service that owns it told (services/activity.ts).
 * People and devices are other services' ids: no foreign keys.
 */
@Entity({ tableName: "activity_entries" })
export class ActivityEntry {
  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @Property({ type: "datetime" })
  at!: Date;

  @Property({ type: "string", length: 32 })
  kind!: ActivityKind;

  /** Who did it (auth's user id); null for the household itself (an automation without an owner). */
  @Property({ type: "integer", nullable: true })
  actorUserId?: number | null;

  /** Whom it was about, when not the actor (the person invited, mailed). */
  @Property({ type: "integer", nullable: true })
  subjectUserId?: number | null;

  /** The home's device id. */
  @Property({ type: "integer", nullable: true })
  deviceId?: number | null;

  @Property({ type: "string", length: 255, nullable: true })
  room?: string | null;

  @Property({ type: "string", length: 500 })
  summary!: string;

  /** The contributing service (auth, home, email). */
  @Property({ type: "string", length: 32 })
  source!: string;

  @Property({ type: "string", length: 255, unique: true })
  dedupeKey!: string;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}

registerEnumType(ActivityKind, { name: "ActivityKind", description: "What kind of thing an activity entry records." });
