import type { Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { EmailPreference } from "../entities/email-preference.entity.js";
import { DigestFrequency, EmailKind } from "../entities/enums.js";
import type { MailService } from "./mail-service.js";
import type { Peers } from "./peers.js";

export type DigestPeriod = DigestFrequency.DAILY | DigestFrequency.WEEKLY;

const PERIOD_MS: Record<DigestPeriod, number> = {
  [DigestFrequency.DAILY]: 86_400_000,
  [DigestFrequency.WEEKLY]: 7 * 86_400_000,
};
const PERIOD_WORDS: Record<DigestPeriod, string> = {
  [DigestFrequency.DAILY]: "in the last day",
  [DigestFrequency.WEEKLY]: "in the last week",
};
/** A digest is a summary: past this many lines, the rest are counted, not listed. */
const MAX_ITEMS = 50;

export interface DigestResult {
  period: DigestPeriod;
  /** Mails accepted (a repeated run for the same day answers with the first run's mails). */
  sent: number;
  /** Why nobody got one, when nobody did. */
  skipped?: "nobody opted in" | "no activity";
}

export interface DigestDeps {
  newEm: () => EntityManager;
  mail: MailService;
  peers: Peers;
  logger: Logger;
}

/**
 * Sends the `period` digest for the period ending `now` to every active person whose preference
 * asks for it, each of what they may see in the home: nothing to someone whose devices were quiet. Each person gets at most one per period and
 * day (`digest:{userId}:{period}:{date}`), so a retried or repeated run sends nothing more.
 */
export async function runDigest(deps: DigestDeps, period: DigestPeriod, now: Date = new Date()): Promise<DigestResult> {
  const em = deps.newEm();
  const wanted = await em.find(EmailPreference, { digest: period }, { orderBy: { userId: "asc" } });
  if (wanted.length === 0) return { period, sent: 0, skipped: "nobody opted in" };

  const since = new Date(now.getTime() - PERIOD_MS[period]);
  // Only people auth still knows and who are not disabled; their address is auth's, not a copy.
  const people = new Map((await deps.peers.users()).map((u) => [u.id, u]));
  const date = now.toISOString().slice(0, 10);
  let sent = 0;
  let busiest = 0;
  for (const pref of wanted) {
    const person = people.get(pref.userId);
    // A guest's pass is for a short stay: a digest of the home is for the household.
    if (!person || person.role === "GUEST") continue;
    // Each person's own digest: home counts only the devices this person may see.
    const activity = await deps.peers.activity(since, now, { userId: person.id, role: person.role });
    busiest = Math.max(busiest, activity.items.length);
    if (activity.items.length === 0) continue;
    const lines = activity.items.slice(0, MAX_ITEMS).map((i) => `${i.device}: ${i.event} ×${i.count}`);
    if (activity.items.length > MAX_ITEMS) lines.push(`… and ${activity.items.length - MAX_ITEMS} more`);
    await deps.mail.send(deps.newEm(), {
      to: person.email,
      userId: person.id,
      templateKey: "activity-digest",
      kind: EmailKind.DIGEST,
      variables: { displayName: person.displayName, period: PERIOD_WORDS[period], items: lines, total: activity.total },
      idempotencyKey: `digest:${person.id}:${period}:${date}`,
    });
    sent++;
  }
  if (sent === 0 && busiest === 0) {
    deps.logger.info({ period }, "no activity: no digest sent");
    return { period, sent: 0, skipped: "no activity" };
  }
  deps.logger.info({ period, sent }, "digest sent");
  return { period, sent };
}
