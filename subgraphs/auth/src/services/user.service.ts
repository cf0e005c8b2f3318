import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import type { User } from "../entities/user.entity.js";
import { findUsersByIds } from "../repositories/user.repository.js";

/** One query for every User the gateway asks this request to resolve. */
export function createUserLoader(em: EntityManager): DataLoader<number, User | null> {
  return new DataLoader((ids) => findUsersByIds(em, ids));
}
