import { raw, type EntityManager } from "@mikro-orm/postgresql";
import { EmailLog } from "../entities/email-log.entity.js";
import { EmailPreference } from "../entities/email-preference.entity.js";
import { EmailStatus } from "../entities/enums.js";
import DataLoader from "dataloader";

/** How many mails each user was sent, in one query for all the users of a request. */
export async function countSentByUser(em: EntityManager, userIds: readonly number[]): Promise<number[]> {
  const rows: { userId: number; count: string }[] = await em
    .createQueryBuilder(EmailLog)
    .select(["userId", raw("count(*) as count")])
    .where({ userId: { $in: [...new Set(userIds)] }, status: EmailStatus.SENT })
    .groupBy("userId")
    .execute();
  const counts = new Map(rows.map((r) => [Number(r.userId), Number(r.count)]));
  return userIds.map((id) => counts.get(id) ?? 0);
}

export function createSentCountLoader(em: EntityManager): DataLoader<number, number> {
  return new DataLoader((ids) => countSentByUser(em, ids));
}

export function createPreferencesLoader(em: EntityManager): DataLoader<number, EmailPreference | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(EmailPreference, { userId: { $in: [...new Set(ids)] } });
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    return ids.map((id) => byUser.get(id) ?? null);
  });
}

/** A person's preferences, or the defaults when they never changed them (not stored until they do). */
export function preferencesOrDefault(userId: number, stored: EmailPreference | null): EmailPreference {
  return stored ?? Object.assign(new EmailPreference(), { userId, updatedAt: new Date(0) });
}
