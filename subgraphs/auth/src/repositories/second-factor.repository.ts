import type { EntityManager } from "@mikro-orm/postgresql";

export interface TotpRow {
  secretEnc: string;
  enabledAt: Date | null;
  lastStep: number | null;
}

export async function findTotp(em: EntityManager, userId: number): Promise<TotpRow | undefined> {
  const [row] = (await em.execute(`select secret_enc, enabled_at, last_step from auth.user_totp where user_id = ?`, [
    userId,
  ])) as { secret_enc: string; enabled_at: Date | null; last_step: string | null }[];
  if (!row) return undefined;
  return {
    secretEnc: row.secret_enc,
    enabledAt: row.enabled_at ? new Date(row.enabled_at) : null,
    lastStep: row.last_step == null ? null : Number(row.last_step),
  };
}

/** A new secret waiting for its confirming code; never replaces one already enabled. */
export async function savePendingTotp(em: EntityManager, userId: number, secretEnc: string): Promise<boolean> {
  const rows = await em.execute(
    `insert into auth.user_totp (user_id, secret_enc) values (?, ?)
     on conflict (user_id) do update set secret_enc = excluded.secret_enc, created_at = now(), last_step = null
       where auth.user_totp.enabled_at is null
     returning user_id`,
    [userId, secretEnc],
  );
  return rows.length > 0;
}

/**
 * Records `step` as used, only if it is later than the last one used: the same code (or an older
 * one) twice never passes, even from two requests at once. Enables a pending secret on its first code.
 */
export async function takeTotpStep(em: EntityManager, userId: number, step: number, enable: boolean): Promise<boolean> {
  const rows = await em.execute(
    `update auth.user_totp set last_step = ?${enable ? ", enabled_at = coalesce(enabled_at, now())" : ""}
     where user_id = ? and (last_step is null or last_step < ?)${enable ? "" : " and enabled_at is not null"}
     returning user_id`,
    [step, userId, step],
  );
  return rows.length > 0;
}

export async function deleteSecondFactors(em: EntityManager, userId: number): Promise<void> {
  await em.execute(`delete from auth.user_totp where user_id = ?`, [userId]);
  await em.execute(`delete from auth.recovery_codes where user_id = ?`, [userId]);
}

export async function replaceRecoveryCodes(em: EntityManager, userId: number, hashes: string[]): Promise<void> {
  await em.execute(`delete from auth.recovery_codes where user_id = ?`, [userId]);
  for (const hash of hashes) {
    await em.execute(`insert into auth.recovery_codes (user_id, code_hash) values (?, ?)`, [userId, hash]);
  }
}

/** Burns the code if it is one of the person's unused ones; false for a wrong or already used code. */
export async function useRecoveryCode(em: EntityManager, userId: number, hash: string): Promise<boolean> {
  const rows = await em.execute(
    `update auth.recovery_codes set used_at = now()
     where id = (select id from auth.recovery_codes where user_id = ? and code_hash = ? and used_at is null limit 1)
       and used_at is null
     returning id`,
    [userId, hash],
  );
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(em: EntityManager, userId: number): Promise<number> {
  const [row] = (await em.execute(
    `select count(*)::int as n from auth.recovery_codes where user_id = ? and used_at is null`,
    [userId],
  )) as { n: number }[];
  return row?.n ?? 0;
}

/**
 * Records a sign-in from the browser; answers whether it is new to this person while they had
 * signed in from another before (the very first browser is the one they set up with: no alert).
 */
export async function rememberBrowser(em: EntityManager, userId: number, hash: string): Promise<boolean> {
  const inserted = await em.execute(
    `insert into auth.known_browsers (user_id, browser_hash) values (?, ?)
     on conflict (user_id, browser_hash) do update set last_seen_at = now()
     returning (xmax = 0) as inserted`,
    [userId, hash],
  );
  if (!(inserted[0] as { inserted: boolean } | undefined)?.inserted) return false;
  const [others] = (await em.execute(
    `select count(*)::int as n from auth.known_browsers where user_id = ? and browser_hash <> ?`,
    [userId, hash],
  )) as { n: number }[];
  return (others?.n ?? 0) > 0;
}
