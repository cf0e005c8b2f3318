import { BadUserInputError, type Logger, type ServicePubSub } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import {
  BREAKS_QUIET_HOURS,
  NotificationChannel,
  NotificationKind,
  NotificationSeverity,
} from "../entities/notification-enums.js";
import type { NotificationQueue } from "./notification-queue.js";
import { checkChannels, deleteExpired, isQuiet, routingOf } from "./notification-settings.js";
import { publishNotification, type NotificationPayload } from "./notification.pubsub.js";
import type { DirectoryUser, Peers } from "./peers.js";

export interface NotificationContent {
  kind: NotificationKind;
  severity: NotificationSeverity;
  title: string;
  body: string;
  url: string | null;
  dedupeKey: string;
  /** Overrides each person's routing (an automation's notify action names its channels). */
  channels?: NotificationChannel[];
}

export interface NotifyRequest extends NotificationContent {
  audience: { userIds?: number[]; role?: "ADMIN" | "MEMBER" | "ALL" };
}

type Recipient = Pick<DirectoryUser, "id" | "email">;

/** Where the inbox lives in the web app: the summary after quiet hours links there. */
export const INBOX_PATH = "/notifications";
export const AUDIENCE_MAX = 10_000;

const text = (value: unknown, field: string, max: number, oneLine = false): string => {
  if (typeof value !== "string" || value.trim() === "") throw new BadUserInputError(`${field} is required.`, field);
  if (value.length > max) throw new BadUserInputError(`${field} may be at most ${max} characters.`, field);
  if (oneLine && /[\r\n]/.test(value)) throw new BadUserInputError(`${field} may not contain line breaks.`, field);
  return value;
};

function oneOf<T extends string>(value: unknown, values: T[], field: string): T {
  if (!values.includes(value as T)) throw new BadUserInputError(`${field} must be one of ${values.join(", ")}.`, field);
  return value as T;
}

/** Checks a POST /notifications body; every refusal names its field. */
export function checkNotifyRequest(body: Record<string, unknown>): NotifyRequest {
  const audience = body.audience as Record<string, unknown> | undefined;
  if (!audience || typeof audience !== "object" || Array.isArray(audience)) {
    throw new BadUserInputError("audience must be an object with userIds or role.", "audience");
  }
  const { userIds, role } = audience;
  if (userIds !== undefined && userIds !== null) {
    if (!Array.isArray(userIds) || userIds.length > AUDIENCE_MAX) {
      throw new BadUserInputError(
        `audience.userIds must be a list of at most ${AUDIENCE_MAX} ids.`,
        "audience.userIds",
      );
    }
    userIds.forEach((id, i) => {
      if (!Number.isSafeInteger(id) || (id as number) <= 0) {
        throw new BadUserInputError("audience.userIds must hold positive whole numbers.", `audience.userIds[${i}]`);
      }
    });
  }
  if (role !== undefined && role !== null) oneOf(role, ["ADMIN", "MEMBER", "ALL"], "audience.role");
  if (!(Array.isArray(userIds) && userIds.length > 0) && !role) {
    throw new BadUserInputError("audience needs userIds or a role.", "audience");
  }
  const url = body.url === undefined || body.url === null ? null : text(body.url, "url", 500, true);
  // An app path only: a notification must not send anyone to another site.
  if (url !== null && (!url.startsWith("/") || url.startsWith("//") || url.includes("\\"))) {
    throw new BadUserInputError("url must be a path in the app, such as /devices/71.", "url");
  }
  return {
    audience: {
      userIds: (userIds as number[] | undefined) ?? undefined,
      role: (role as NotifyRequest["audience"]["role"]) ?? undefined,
    },
    kind: oneOf(body.kind, Object.values(NotificationKind), "kind"),
    severity: oneOf(body.severity, Object.values(NotificationSeverity), "severity"),
    title: text(body.title, "title", 200, true),
    body: text(body.body, "body", 4000),
    url,
    dedupeKey: text(body.dedupeKey, "dedupeKey", 200),
    channels:
      body.channels === undefined || body.channels === null ? undefined : checkChannels(body.channels, "channels"),
  };
}

interface Inserted {
  id: number;
  user_id: number;
  created_at: Date;
  in_app: boolean;
}

/**
 * Accepts notifications: one row per person (a repeat of (person, dedupeKey) does nothing) and, in
 * the same transaction, one delivery and its job per channel beyond the inbox. Quiet hours keep
 * all but SECURITY and ALARM off push and mail: those wait in the inbox, `held`, until
 * releaseHeld sums them up. The row's commit is followed by notificationReceived.
 */
export class NotificationService {
  /** What "now" is for quiet hours and retention; tests move it instead of waiting for hours. */
  clock: () => Date = () => new Date();

  constructor(
    private readonly queue: () => NotificationQueue | undefined,
    private readonly newEm: () => EntityManager,
    private readonly pubSub: ServicePubSub,
    private readonly peers: Peers,
    private readonly logger: Logger,
  ) {}

  /** The people the audience names, as auth's directory has them now (guests and disabled accounts left out). */
  async recipients(audience: NotifyRequest["audience"]): Promise<Recipient[]> {
    const { role } = audience;
    const byRole = role ? await this.peers.users(role === "ALL" ? undefined : role) : [];
    const wanted = new Set(audience.userIds ?? []);
    const named = wanted.size
      ? (role === "ALL" ? byRole : await this.peers.users()).filter((u) => wanted.has(u.id))
      : [];
    const people = new Map<number, Recipient>();
    for (const u of [...byRole, ...named]) if (u.role !== "GUEST") people.set(u.id, u);
    return [...people.values()];
  }

  async notify(em: EntityManager, req: NotifyRequest): Promise<{ accepted: number; created: number }> {
    const people = await this.recipients(req.audience);
    const created = await em.transactional((tx) => this.insert(tx, people, req, true));
    this.afterCommit(created, req);
    return { accepted: people.length, created: created.length };
  }

  /** Writes the rows, deliveries and jobs in the caller's transaction; returns the rows that are new. */
  async insert(
    tx: EntityManager,
    people: Recipient[],
    content: NotificationContent,
    quietApplies: boolean,
  ): Promise<Inserted[]> {
    if (people.length === 0) return [];
    const queue = this.queue();
    if (!queue) throw new Error("notification queue is not running");
    const routing = await routingOf(
      tx,
      people.map((p) => p.id),
      content.kind,
    );
    const now = this.clock();
    const plan = people.map((p) => {
      const channels = content.channels ?? routing.channels.get(p.id) ?? [];
      const outward = channels.filter((c) => c !== NotificationChannel.IN_APP);
      const held =
        quietApplies &&
        outward.length > 0 &&
        !BREAKS_QUIET_HOURS.has(content.kind) &&
        isQuiet(routing.quiet.get(p.id), now);
      return {
        user_id: p.id,
        email: p.email,
        channels,
        in_app: channels.includes(NotificationChannel.IN_APP) || held,
        held,
        outward: held ? [] : outward,
      };
    });
    const inserted = await tx.execute<Inserted[]>(
      `insert into "email"."notifications" (user_id, kind, severity, title, body, url, dedupe_key, channels, in_app, held)
       select r.user_id, ?, ?, ?, ?, ?, ?, r.channels, r.in_app, r.held
         from json_to_recordset(?::json) as r(user_id int, channels text[], in_app boolean, held boolean)
       on conflict (user_id, dedupe_key) do nothing
       returning id, user_id, created_at, in_app`,
      [
        content.kind,
        content.severity,
        content.title,
        content.body,
        content.url,
        content.dedupeKey,
        JSON.stringify(plan.map(({ user_id, channels, in_app, held }) => ({ user_id, channels, in_app, held }))),
      ],
    );
    const byUser = new Map(plan.map((p) => [p.user_id, p]));
    const deliveries = inserted.flatMap((row) =>
      byUser.get(row.user_id)!.outward.map((channel) => ({
        notification_id: row.id,
        channel,
        recipient: channel === NotificationChannel.EMAIL ? byUser.get(row.user_id)!.email : null,
      })),
    );
    if (deliveries.length > 0) {
      const ids = await tx.execute<{ id: number }[]>(
        `insert into "email"."notification_deliveries" (notification_id, channel, recipient)
         select d.notification_id, d.channel, d.recipient
           from json_to_recordset(?::json) as d(notification_id int, channel text, recipient text)
         returning id`,
        [JSON.stringify(deliveries)],
      );
      await queue.enqueue(
        tx,
        ids.map((r) => Number(r.id)),
      );
    }
    return inserted;
  }

  /** After the commit: wake this replica's workers and tell each person's open inboxes. */
  afterCommit(created: Inserted[], content: NotificationContent): void {
    if (created.length === 0) return;
    this.queue()?.notify();
    for (const row of created) {
      if (!row.in_app) continue;
      const payload: NotificationPayload = {
        id: String(row.id),
        userId: row.user_id,
        kind: content.kind,
        severity: content.severity,
        title: content.title,
        body: content.body,
        url: content.url,
        createdAt: new Date(row.created_at).toISOString(),
      };
      publishNotification(this.pubSub, payload);
    }
    this.logger.info({ kind: content.kind, created: created.length }, "notifications accepted");
  }

  /**
   * For each person whose quiet hours are over and who has notifications held back: one summary
   * ("While you were away: N notifications") on the channels those would have used. The held rows
   * are marked in the same transaction as the summary is written, so it is sent once.
   */
  async releaseHeld(now: Date = this.clock()): Promise<number> {
    const em = this.newEm();
    const waiting = await em.execute<{ user_id: number }[]>(
      `select distinct user_id from "email"."notifications" where held and summarized_at is null`,
    );
    if (waiting.length === 0) return 0;
    const ids = waiting.map((w) => Number(w.user_id));
    const { quiet } = await routingOf(em, ids, NotificationKind.DIGEST);
    const ready = ids.filter((id) => !isQuiet(quiet.get(id), now));
    if (ready.length === 0) return 0;
    const directory = new Map((await this.peers.users()).map((u) => [u.id, u]));
    let sent = 0;
    for (const userId of ready) {
      const person = directory.get(userId);
      const result = await em.fork().transactional(async (tx) => {
        const held = await tx.execute<{ id: number; title: string; channels: string[] }[]>(
          `update "email"."notifications" set summarized_at = ? where user_id = ? and held and summarized_at is null
           returning id, title, channels`,
          [now.toISOString(), userId],
        );
        if (held.length === 0 || !person) return undefined;
        const channels = checkChannels([...new Set(held.flatMap((h) => h.channels))], "channels");
        const n = held.length;
        const titles = held.sort((a, b) => a.id - b.id).map((h) => `- ${h.title}`);
        const content: NotificationContent = {
          kind: NotificationKind.DIGEST,
          severity: NotificationSeverity.INFO,
          title: `While you were away: ${n} notification${n === 1 ? "" : "s"}`,
          body: [...titles.slice(0, 10), ...(n > 10 ? [`…and ${n - 10} more`] : [])].join("\n"),
          url: INBOX_PATH,
          dedupeKey: `quiet-summary:${Math.max(...held.map((h) => Number(h.id)))}`,
          channels,
        };
        return { created: await this.insert(tx, [person], content, false), content };
      });
      if (result) {
        this.afterCommit(result.created, result.content);
        sent += result.created.length;
      }
    }
    return sent;
  }

  deleteExpired(now: Date = this.clock()): Promise<number> {
    return deleteExpired(this.newEm(), now);
  }
}
