import type { NotificationChannel, NotificationSeverity, Outbox } from "./outbox.js";

export interface Notification {
  ruleId: number;
  /** What caused the firing; with the rule id it makes the dedupe key, so a retry tells nobody twice. */
  eventId: string;
  role?: "ADMIN" | "MEMBER";
  userIds?: number[];
  title: string;
  body: string;
  url?: string;
  severity?: NotificationSeverity;
  /** The notify action's channels; unset: each person's own routing. */
  channels?: NotificationChannel[];
}

export interface Notifier {
  /** Whether the notice was queued (false: this firing was already told). */
  notify(n: Notification): Promise<boolean>;
}

/**
 * An automation's notices go through the outbox to the email service's POST /notifications, kind
 * AUTOMATION: the email service applies each person's channels (or the action's), quiet hours and
 * mail preferences, and the outbox keeps them while it is away.
 */
export class OutboxNotifier implements Notifier {
  constructor(private readonly outbox: Outbox) {}

  notify(n: Notification): Promise<boolean> {
    return this.outbox.notify({
      audience: { ...(n.role ? { role: n.role } : {}), ...(n.userIds?.length ? { userIds: n.userIds } : {}) },
      kind: "AUTOMATION",
      severity: n.severity ?? "INFO",
      title: n.title,
      body: n.body,
      ...(n.url ? { url: n.url } : {}),
      dedupeKey: `automation:${n.ruleId}:${n.eventId}`,
      ...(n.channels ? { channels: n.channels } : {}),
    });
  }
}
