import { executePrepared } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { asyncCommit } from "./passkey-sign-in.repository.js";
import type { Bucket } from "./rate-limit.repository.js";

export type ChallengePurpose = "REGISTRATION" | "SIGN_IN" | "STEP_UP";

export interface PasskeyRow {
  id: number;
  userId: number;
  credentialId: string;
  userHandle: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  backedUp: boolean;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

interface DbRow {
  id: number;
  user_id: number;
  credential_id: string;
  user_handle: string;
  public_key: Buffer;
  counter: string;
  transports: string;
  backed_up: boolean;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

const COLUMNS = `id, user_id, credential_id, user_handle, public_key, counter, transports, backed_up, name, created_at, last_used_at`;

function toRow(r: DbRow): PasskeyRow {
  return {
    id: r.id,
    userId: r.user_id,
    credentialId: r.credential_id,
    userHandle: r.user_handle,
    publicKey: new Uint8Array(r.public_key),
    counter: Number(r.counter),
    transports: r.transports ? r.transports.split(",") : [],
    backedUp: r.backed_up,
    name: r.name,
    createdAt: new Date(r.created_at),
    lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
  };
}

export async function listPasskeys(em: EntityManager, userId: number): Promise<PasskeyRow[]> {
  const rows = (await em.execute(`select ${COLUMNS} from auth.passkeys where user_id = ? order by created_at, id`, [
    userId,
  ])) as DbRow[];
  return rows.map(toRow);
}

export async function findPasskeyByCredential(em: EntityManager, credentialId: string): Promise<PasskeyRow | null> {
  const [row] = (await em.execute(`select ${COLUMNS} from auth.passkeys where credential_id = ?`, [
    credentialId,
  ])) as DbRow[];
  return row ? toRow(row) : null;
}

/** One of the person's own passkeys; another person's is "not found" too. */
export async function findOwnPasskey(em: EntityManager, userId: number, id: number): Promise<PasskeyRow | null> {
  if (!Number.isSafeInteger(id)) return null;
  const [row] = (await em.execute(`select ${COLUMNS} from auth.passkeys where id = ? and user_id = ?`, [
    id,
    userId,
  ])) as DbRow[];
  return row ? toRow(row) : null;
}

export async function countPasskeys(em: EntityManager, userId: number): Promise<number> {
  const [row] = (await em.execute(`select count(*)::int as n from auth.passkeys where user_id = ?`, [userId])) as {
    n: number;
  }[];
  return row?.n ?? 0;
}

export async function insertPasskey(
  em: EntityManager,
  p: {
    userId: number;
    credentialId: string;
    userHandle: string;
    publicKey: Uint8Array;
    counter: number;
    transports: string[];
    aaguid: string | null;
    backedUp: boolean;
    deviceType: string;
    name: string;
  },
): Promise<PasskeyRow | null> {
  const rows = (await em.execute(
    `insert into auth.passkeys (user_id, credential_id, user_handle, public_key, counter, transports, aaguid, backed_up, device_type, name)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (credential_id) do nothing
     returning ${COLUMNS}`,
    [
      p.userId,
      p.credentialId,
      p.userHandle,
      Buffer.from(p.publicKey),
      p.counter,
      p.transports.join(","),
      p.aaguid,
      p.backedUp,
      p.deviceType,
      p.name,
    ],
  )) as DbRow[];
  return rows[0] ? toRow(rows[0]) : null;
}

/**
 * Records a use: the new counter only while it is above the stored one (both zero: a synced passkey
 * keeps no counter), so two answers with the same counter never both pass; the backup state, and when.
 */
export async function recordPasskeyUse(
  em: EntityManager,
  id: number,
  newCounter: number,
  backedUp: boolean,
): Promise<boolean> {
  const rows = await em.execute(
    `update auth.passkeys set counter = ?, backed_up = ?, last_used_at = now()
     where id = ? and (counter < ? or (counter = 0 and ? = 0)) returning id`,
    [newCounter, backedUp, id, newCounter, newCounter],
  );
  return rows.length > 0;
}

export async function renamePasskeyRow(em: EntityManager, userId: number, id: number, name: string) {
  const rows = (await em.execute(
    `update auth.passkeys set name = ? where id = ? and user_id = ? returning ${COLUMNS}`,
    [name, id, userId],
  )) as DbRow[];
  return rows[0] ? toRow(rows[0]) : null;
}

export async function deletePasskey(em: EntityManager, userId: number, id: number): Promise<boolean> {
  const rows = await em.execute(`delete from auth.passkeys where id = ? and user_id = ? returning id`, [id, userId]);
  return rows.length > 0;
}

export async function insertChallenge(
  em: EntityManager,
  c: {
    idHash: string;
    purpose: ChallengePurpose;
    userId: number | null;
    challengeHash: string;
    userHandle?: string | null;
    expiresAt: Date;
  },
): Promise<void> {
  await em.execute(
    `insert into auth.passkey_challenges (id_hash, purpose, user_id, challenge_hash, user_handle, expires_at)
     values (?, ?, ?, ?, ?, ?)`,
    [c.idHash, c.purpose, c.userId, c.challengeHash, c.userHandle ?? null, c.expiresAt],
  );
}

/** Takes the challenge (deletes it: it works once) if it is of this purpose and not expired. */
export async function takeChallenge(
  em: EntityManager,
  idHash: string,
  purpose: ChallengePurpose,
): Promise<{ userId: number | null; challengeHash: string; userHandle: string | null } | null> {
  const [row] = (await em.execute(
    `delete from auth.passkey_challenges where id_hash = ? and purpose = ? and expires_at > now()
     returning user_id, challenge_hash, user_handle`,
    [idHash, purpose],
  )) as { user_id: number | null; challenge_hash: string; user_handle: string | null }[];
  return row ? { userId: row.user_id, challengeHash: row.challenge_hash, userHandle: row.user_handle } : null;
}

/**
 * `takeChallenge` and `findPasskeyByCredential` in one round trip, for a sign-in's answer: the
 * challenge is spent whether or not the credential is known. With `unlessOver`, the rate-limit
 * buckets of those windows are read in the same statement and the challenge is left alone when one
 * of them is used up (as when the limits were checked before); the caller judges `buckets`.
 */
export async function takeChallengeWithPasskey(
  em: EntityManager,
  idHash: string,
  purpose: ChallengePurpose,
  credentialId: string | null,
  unlessOver: { key: string; windowStart: Date; max: number }[] = [],
): Promise<{
  challenge: { userId: number | null; challengeHash: string; userHandle: string | null } | null;
  passkey: PasskeyRow | null;
  /** The passkey's owner as auth.users' columns (no password hash), for `em.map(User, …)`. */
  owner: Record<string, unknown> | null;
  buckets: Map<string, Bucket>;
}> {
  const limits = unlessOver.length
    ? `limits (key, window_start, max) as (values ${unlessOver.map(() => "(?, ?::timestamptz, ?::int)").join(", ")}),
       hits as (select b.key, b.count, b.last_at, l.max from auth.rate_limit_buckets b
                join limits l on b.key = l.key and b.window_start = l.window_start),`
    : `hits as (select null::text as key, 0 as count, null::timestamptz as last_at, 1 as max where false),`;
  const [row] = await executePrepared<
    DbRow & {
      c_buckets: { key: string; count: number; last_at: string }[];
      c_user_id: number | null;
      c_challenge_hash: string | null;
      c_user_handle: string | null;
    } & Record<string, unknown>
  >(
    em,
    `with ${limits}
     taken as (
       delete from auth.passkey_challenges where id_hash = ? and purpose = ? and expires_at > now()
         and not exists (select 1 from hits where count >= max)
       returning user_id, challenge_hash, user_handle)
     select (select coalesce(json_agg(json_build_object('key', key, 'count', count, 'last_at', last_at)), '[]'::json)
               from hits) as c_buckets,
            t.user_id as c_user_id, t.challenge_hash as c_challenge_hash, t.user_handle as c_user_handle,
            ${COLUMNS.split(", ")
              .map((c) => `p.${c}`)
              .join(", ")},
            ${OWNER_COLUMNS.map((c) => `u.${c} as u_${c}`).join(", ")}
            ${asyncCommit(em)}
     from (select 1) one left join taken t on true
       left join auth.passkeys p on t.challenge_hash is not null and p.credential_id = ?
       left join auth.users u on u.id = p.user_id`,
    [...unlessOver.flatMap((w) => [w.key, w.windowStart, w.max]), idHash, purpose, credentialId],
  );
  const buckets = new Map(row!.c_buckets.map((b) => [b.key, { count: b.count, lastAt: new Date(b.last_at) }]));
  return {
    challenge:
      row!.c_challenge_hash == null
        ? null
        : { userId: row!.c_user_id, challengeHash: row!.c_challenge_hash, userHandle: row!.c_user_handle },
    passkey: row!.id == null ? null : toRow(row!),
    owner: row!.u_id == null ? null : Object.fromEntries(OWNER_COLUMNS.map((c) => [c, row![`u_${c}`]])),
    buckets,
  };
}

/** The user columns a sign-in needs, read with the passkey (the password hash is never among them). */
const OWNER_COLUMNS = [
  "id",
  "email",
  "display_name",
  "role",
  "created_at",
  "updated_at",
  "email_verified_at",
  "disabled_at",
] as const;

/** Ceremonies that expired unused (the hourly maintenance; used ones are deleted as they are used). */
export async function deleteExpiredChallenges(em: EntityManager): Promise<void> {
  await em.execute(`delete from auth.passkey_challenges where expires_at < now()`);
}
