import { asEntityRows, columnsAs, executePrepared } from "@homegraph/common";
import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Role, User } from "../entities/user.entity.js";

/** The account of an address (already lowercased), matched case-insensitively as people type it. */
export async function findUserByEmail(
  em: EntityManager,
  lowerEmail: string,
  withPassword: boolean,
): Promise<User | null> {
  const rows = (await em.execute(`select id from auth.users where lower(email) = ?`, [lowerEmail])) as {
    id: number;
  }[];
  if (!rows[0]) return null;
  return em.findOne(User, rows[0].id, withPassword ? { populate: ["passwordHash"] } : {});
}

export function findUser(em: EntityManager, id: number): Promise<User | null> {
  return em.findOne(User, id);
}

export function getUser(em: EntityManager, id: number, withPassword = false): Promise<User> {
  return em.findOneOrFail(User, id, withPassword ? { populate: ["passwordHash"] } : {});
}

/** Locks the user's row until the transaction ends; null for an id that names no one. */
export async function lockUser(em: EntityManager, id: number): Promise<User | null> {
  return Number.isSafeInteger(id) ? em.findOne(User, id, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
}

export function countActiveAdmins(em: EntityManager): Promise<number> {
  return em.count(User, { role: Role.ADMIN, disabledAt: null });
}

export async function setPasswordHash(
  em: EntityManager,
  id: number,
  passwordHash: string,
  emailVerifiedAt?: Date | null,
): Promise<void> {
  await em.nativeUpdate(
    User,
    { id },
    { passwordHash, ...(emailVerifiedAt ? { emailVerifiedAt } : {}), updatedAt: new Date() },
  );
}

/** Users by id, in the order asked, null where none exists. */
export async function findUsersByIds(em: EntityManager, ids: readonly number[]): Promise<(User | null)[]> {
  const valid = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  // Every request that shows a person (`me` on each page) reads here: a prepared statement and plain
  // rows of the class, for reading only, cost a fraction of the ORM's managed entities.
  const users = valid.length
    ? asEntityRows(
        em,
        User,
        await executePrepared(em, `select ${columnsAs(em, User)} from "auth"."users" where "id" = any(?)`, [
          [...new Set(valid)],
        ]),
      )
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return ids.map((id) => byId.get(id) ?? null);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of everyone, newest first; `search` matches email or display name. */
export function findUserPage(
  em: EntityManager,
  search: string | undefined,
  page: { limit: number; offset: number },
): Promise<[User[], number]> {
  const where = search
    ? {
        $or: [{ email: { $ilike: `%${escapeLike(search)}%` } }, { displayName: { $ilike: `%${escapeLike(search)}%` } }],
      }
    : {};
  return em.findAndCount(User, where, { orderBy: { createdAt: "desc", id: "desc" }, ...page });
}

/** The household's people who may sign in (never guests: they get no mail), oldest first, optionally of one role. */
export function findActiveUsers(
  em: EntityManager,
  role?: Role,
): Promise<Pick<User, "id" | "email" | "displayName" | "role">[]> {
  return em.find(
    User,
    { disabledAt: null, role: role ?? { $ne: Role.GUEST } },
    { orderBy: { id: "asc" }, fields: ["id", "email", "displayName", "role"] },
  );
}
