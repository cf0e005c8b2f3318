import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";

/** How many mails each user was sent, in one query for all the users of a request. */
export async function countSentByUser(em: EntityManager, userIds: readonly number[]): Promise<number[]> {
  const rows: { user_id: number; count: string }[] = await em.execute(
    `select user_id, count(*) as count from "email"."email_logs" where user_id = any(?) group by user_id`,
    [[...new Set(userIds)]],
  );
  const counts = new Map(rows.map((r) => [Number(r.user_id), Number(r.count)]));
  return userIds.map((id) => counts.get(id) ?? 0);
}

export function createSentCountLoader(em: EntityManager): DataLoader<number, number> {
  return new DataLoader((ids) => countSentByUser(em, ids));
}
