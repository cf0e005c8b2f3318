import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/** `?` placeholders (knex's, as em.execute takes them) as PostgreSQL's `$n`, outside quoted text. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  let out = "";
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === "?" ? `$${++n}` : ch;
  }
  return out;
}

const statements = new Map<string, { name: string; text: string }>();

/**
 * `em.execute(sql, params)` as a named prepared statement, for the few statements that run on every
 * sign-in: PostgreSQL parses and plans each text once per connection instead of per call, and the
 * query skips knex's per-call compilation. Inside a transaction (where the statement must run on
 * the transaction's connection) it is `em.execute` itself. Errors are MikroORM's, as from
 * `em.execute`.
 */
export async function executePrepared<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (em.isInTransaction()) return (await em.execute(sql, params)) as T[];
  let statement = statements.get(sql);
  if (!statement) {
    statement = {
      name: `hg_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`,
      text: numberedPlaceholders(sql),
    };
    statements.set(sql, statement);
  }
  const client = em.getConnection().getKnex().client as unknown as KnexClient;
  const connection = await client.acquireConnection();
  try {
    const result = await connection.query({ ...statement, values: params });
    return result.rows as T[];
  } catch (err) {
    throw em.getDriver().convertException(err as Error);
  } finally {
    await client.releaseConnection(connection);
  }
}
