// What the home service tells the email service (the household's messages service), written to
// its own database first: alerts and automation notices (POST /notifications) and household
// activity (POST /activity). Writing never waits for the email service and nothing is lost while it
// is away; the outbox worker (outbox.worker.ts) hands each row over, at least once, under its dedupe
// key, which the email service keeps, so a retry changes nothing. A second row with a key already
// written is dropped here: that is what makes an alert "once per opening" or "once a day".
import type { ActivityContribution, Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { OutboxKind } from "../entities/outbox-message.entity.js";

export const NOTIFICATION_CHANNELS = ["IN_APP", "PUSH", "EMAIL"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export type NotificationKind = "SECURITY" | "ALARM" | "AUTOMATION" | "DEVICE_HEALTH" | "DIGEST" | "SYSTEM";
export type NotificationSeverity = "INFO" | "WARNING" | "CRITICAL";

/**
 * Who is told. `role` and `userIds` go to the email service as they are; `viewersOfDevice` and
 * `viewersOfAlarm` become the people who may VIEW that device (or the alarm) when the row is
 * handed over, with their grants as of then (notification-audience.ts).
 */
export interface NotificationAudience {
  role?: "ADMIN" | "MEMBER" | "ALL";
  userIds?: number[];
  viewersOfDevice?: number;
  viewersOfAlarm?: boolean;
}

export interface NotificationMessage {
  audience: NotificationAudience;
  kind: NotificationKind;
  severity: NotificationSeverity;
  title: string;
  body: string;
  /** An app path: /devices/71, /alarm. */
  url?: string;
  dedupeKey: string;
  /** Overrides each person's routing (an automation's notify action). */
  channels?: NotificationChannel[];
}

/** One entry of the household's activity feed, as POST /activity takes it. */
export type ActivityMessage = ActivityContribution & { at: string };

/** Labels and rooms come from the hub, where anyone who can rename a device writes them: one line each. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ");
}

export class Outbox {
  constructor(
    private readonly orm: Orm,
    /** Tells this process's worker a row is waiting (other replicas find it at their next poll). */
    private readonly wake: () => void,
  ) {}

  /** Writes a notification unless its dedupe key was written before; whether it was new. */
  async notify(message: NotificationMessage, em?: EntityManager): Promise<boolean> {
    return (await this.write(em, "notification", [[message.dedupeKey, message]])) > 0;
  }

  /** Writes activity entries (those whose keys are new); how many were. */
  activity(entries: ActivityMessage[], em?: EntityManager): Promise<number> {
    return this.write(
      em,
      "activity",
      entries.map((e) => [e.dedupeKey, e]),
    );
  }

  private async write(em: EntityManager | undefined, kind: OutboxKind, rows: [string, object][]): Promise<number> {
    if (!rows.length) return 0;
    const db = em ?? (this.orm.em.fork() as EntityManager);
    const values = rows.map(() => "(?, ?, ?::jsonb)").join(", ");
    const params = rows.flatMap(([key, payload]) => [kind, key.slice(0, 255), JSON.stringify(payload)]);
    const inserted = (await db.execute(
      `insert into "home"."outbox" ("kind", "dedupe_key", "payload") values ${values}
         on conflict ("dedupe_key") do nothing returning "id"`,
      params,
    )) as unknown[];
    // Inside a caller's transaction the row is not visible before its commit: the poll finds it then.
    if (inserted.length) this.wake();
    return inserted.length;
  }
}
