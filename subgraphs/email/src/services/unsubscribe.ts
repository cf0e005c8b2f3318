import { createHash, randomBytes } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import { EmailPreference } from "../entities/email-preference.entity.js";
import { DigestFrequency, EmailKind } from "../entities/enums.js";
import { UnsubscribeToken } from "../entities/unsubscribe.entity.js";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Fresh tokens for several mails in one insert (only their hashes are stored), in the order given; `undefined` for security mail,
 * which carries no unsubscribe link.
 */
export async function issueUnsubscribeTokens(
  em: EntityManager,
  targets: { userId: number | null; recipient: string; kind: EmailKind }[],
): Promise<(string | undefined)[]> {
  const tokens = targets.map((t) =>
    t.kind === EmailKind.SECURITY ? undefined : randomBytes(32).toString("base64url"),
  );
  const rows = targets.flatMap((t, i) => {
    const token = tokens[i];
    if (token === undefined) return [];
    return [{ tokenHash: hash(token), userId: t.userId, recipient: t.recipient.toLowerCase(), kind: t.kind }];
  });
  if (rows.length > 0) await em.insertMany(UnsubscribeToken, rows);
  return tokens;
}

/**
 * Turns off the kind of mail the token was issued for. Idempotent: mail clients may POST the
 * one-click request more than once, and people click links twice.
 */
export async function unsubscribe(em: EntityManager, token: string): Promise<{ kind: EmailKind } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = await em.findOne(UnsubscribeToken, { tokenHash: hash(token) });
  if (!row || row.kind === EmailKind.SECURITY) return undefined;
  await em.transactional(async (tx) => {
    if (row.userId !== null && row.userId !== undefined) {
      const off =
        row.kind === EmailKind.DIGEST ? { digest: DigestFrequency.OFF } : { notificationsEnabled: false as boolean };
      const prefs = await tx.findOne(EmailPreference, { userId: row.userId });
      if (prefs) tx.assign(prefs, off);
      else tx.create(EmailPreference, { userId: row.userId, ...off });
    } else {
      await tx.execute(
        `insert into "email"."email_suppressions" ("address", "kind") values (?, ?) on conflict do nothing`,
        [row.recipient, row.kind],
      );
    }
    await tx.nativeUpdate(UnsubscribeToken, { id: row.id, usedAt: null }, { usedAt: new Date() });
  });
  return { kind: row.kind };
}
