import { raw, type EntityManager } from "@mikro-orm/postgresql";
import { EmailLog } from "../entities/email-log.entity.js";
import DataLoader from "dataloader";

/** How many mails each user was sent, in one query for all the users of a request. */
export async function countSentByUser(em: EntityManager, userIds: readonly number[]): Promise<number[]> {
  const rows: { userId: number; count: string }[] = await em
    .createQueryBuilder(EmailLog)
    .select(["userId", raw("count(*) as count")])
    .where({ userId: { $in: [...new Set(userIds)] } })
    .groupBy("userId")
    .execute();
  const counts = new Map(rows.map((r) => [Number(r.userId), Number(r.count)]));
  return userIds.map((id) => counts.get(id) ?? 0);
}

export function createSentCountLoader(em: EntityManager): DataLoader<number, number> {
  return new DataLoader((ids) => countSentByUser(em, ids));
}
