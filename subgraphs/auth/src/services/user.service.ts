import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import { User } from "../entities/user.entity.js";

/** Users by id, in the order asked, null where none exists. */
export async function findUsersByIds(em: EntityManager, ids: readonly number[]): Promise<(User | null)[]> {
  const valid = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  const users = valid.length ? await em.find(User, { id: { $in: [...new Set(valid)] } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** One query for every User the gateway asks this request to resolve. */
export function createUserLoader(em: EntityManager): DataLoader<number, User | null> {
  return new DataLoader((ids) => findUsersByIds(em, ids));
}
