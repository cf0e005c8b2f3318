import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { GuestPass } from "../entities/guest-pass.entity.js";
import { isSessionId } from "./session.repository.js";

/** Passes, newest first; without `includeEnded`, only those not ended, expired or closed. */
export function findGuestPasses(em: EntityManager, includeEnded: boolean): Promise<GuestPass[]> {
  const where = includeEnded ? {} : { closedAt: null, endedAt: null, validUntil: { $gt: new Date() } };
  return em.find(GuestPass, where, { orderBy: { createdAt: "desc", id: "asc" }, populate: ["guest"] });
}

export function findGuestPass(em: EntityManager, id: string): Promise<GuestPass | null> {
  return isSessionId(id) ? em.findOne(GuestPass, id, { populate: ["guest"] }) : Promise.resolve(null);
}

/** The pass, locked until the transaction ends, with its guest. */
export function lockGuestPass(em: EntityManager, where: { id: string } | { tokenHash: string }) {
  if ("id" in where && !isSessionId(where.id)) return Promise.resolve(null);
  return em.findOne(GuestPass, where, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["guest"] });
}

export function findPassOfGuest(em: EntityManager, guestUserId: number): Promise<GuestPass | null> {
  return em.findOne(GuestPass, { guest: guestUserId }, { populate: ["guest"] });
}

/** Passes not yet closed that are due (ended early, or at their end) or end before `horizon`. */
export async function findOpenPassesEndingBefore(
  em: EntityManager,
  horizon: Date,
): Promise<{ id: string; validUntil: Date; due: boolean }[]> {
  const rows = (await em.execute(
    `select id::text as id, valid_until, (ended_at is not null or valid_until <= now()) as due
       from auth.guest_passes
      where closed_at is null and (ended_at is not null or valid_until <= ?)
      order by valid_until limit 500`,
    [horizon],
  )) as { id: string; valid_until: Date; due: boolean }[];
  return rows.map((r) => ({ id: r.id, validUntil: new Date(r.valid_until), due: r.due }));
}

/** Asks for (again) taking the pass's access away at home, as soon as possible. */
export async function queueHomeRevoke(em: EntityManager, passId: string): Promise<void> {
  await em.execute(
    `insert into auth.guest_pass_home_tasks (pass_id) values (?)
       on conflict (pass_id) do update set done_at = null, next_attempt_at = now()`,
    [passId],
  );
}

/**
 * Claims up to `limit` due tasks for this replica: each one's next attempt moves `leaseSeconds`
 * ahead, so another replica leaves it alone while this one calls home.
 */
export async function claimDueHomeTasks(
  em: EntityManager,
  limit: number,
  leaseSeconds: number,
): Promise<{ passId: string; attempts: number }[]> {
  const rows = (await em.execute(
    `update auth.guest_pass_home_tasks t
        set next_attempt_at = now() + make_interval(secs => ?), attempts = t.attempts + 1
      where t.pass_id in (select pass_id from auth.guest_pass_home_tasks
                           where done_at is null and next_attempt_at <= now()
                           order by next_attempt_at limit ? for update skip locked)
      returning t.pass_id::text as pass_id, t.attempts`,
    [leaseSeconds, limit],
  )) as { pass_id: string; attempts: number }[];
  return rows.map((r) => ({ passId: r.pass_id, attempts: r.attempts }));
}

/** Marks the home call done; answers the pass's guest when this is the first time its access went. */
export async function completeHomeTask(em: EntityManager, passId: string): Promise<number | undefined> {
  await em.execute(`update auth.guest_pass_home_tasks set done_at = now(), last_error = null where pass_id = ?`, [
    passId,
  ]);
  const rows = (await em.execute(
    `update auth.guest_passes set home_access_removed_at = now()
      where id = ? and home_access_removed_at is null returning guest_user_id`,
    [passId],
  )) as { guest_user_id: number }[];
  return rows[0]?.guest_user_id;
}

export async function failHomeTask(em: EntityManager, passId: string, retryInSeconds: number, error: string) {
  await em.execute(
    `update auth.guest_pass_home_tasks set next_attempt_at = now() + make_interval(secs => ?), last_error = ?
      where pass_id = ? and done_at is null`,
    [retryInSeconds, error.slice(0, 255), passId],
  );
}
