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

function prepared(sql: string): { name: string; text: string } {
  let statement = statements.get(sql);
  if (!statement) {
    statement = {
      name: `hg_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`,
      text: numberedPlaceholders(sql),
    };
    statements.set(sql, statement);
  }
  return statement;
}

/**
 * pg sends a JS array as a PostgreSQL array (`"id" = any(?)`); knex, which runs the statement
 * inside a transaction, would spread it into a list. As an array literal it means the same to both.
 */
function asKnexBinding(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const items = value.map((v) => (v === null ? "NULL" : `"${String(v).replace(/[\\"]/g, "\\$&")}"`));
  return `{${items.join(",")}}`;
}

/** A statement run by `preparedTransaction`'s work: `?` placeholders, rows as PostgreSQL returns them. */
export type PreparedQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * `em.execute(sql, params)` as a named prepared statement, for the few statements that run on every
 * sign-in: PostgreSQL parses and plans each text once per connection instead of per call, and the
 * query skips knex's per-call compilation. Inside a transaction (where the statement must run on
 * the transaction's connection) it is `em.execute` itself. Errors are MikroORM's, as from
 * `em.execute`.
 */
export async function executePrepared<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (em.isInTransaction()) return (await em.execute(sql, params.map(asKnexBinding))) as T[];
  const statement = prepared(sql);
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

/**
 * Runs `work` in a transaction of its own on one pool connection, each of its statements a named
 * prepared statement: for a write path that runs for every event of a busy household, where the
 * ORM's query building and change tracking cost more than the statements themselves. Commits when
 * `work` resolves, rolls back when it throws; errors are MikroORM's, as from `em.execute`.
 */
export async function preparedTransaction<T>(
  em: EntityManager,
  work: (query: PreparedQuery) => Promise<T>,
): Promise<T> {
  const client = em.getConnection().getKnex().client as unknown as KnexClient;
  const connection = (await client.acquireConnection()) as PgClient & { query(text: string): Promise<unknown> };
  try {
    await connection.query("begin");
    let result: T;
    try {
      result = await work(async <R>(sql: string, params: unknown[]) => {
        const { rows } = await connection.query({ ...prepared(sql), values: params });
        return rows as R[];
      });
      await connection.query("commit");
    } catch (err) {
      // A connection that can no longer roll back is broken; the pool finds that out for itself.
      await connection.query("rollback").catch(() => undefined);
      throw err;
    }
    return result;
  } catch (err) {
    // PostgreSQL's errors become MikroORM's; the work's own errors go out as they are.
    throw err instanceof Error && "severity" in err ? em.getDriver().convertException(err) : err;
  } finally {
    await client.releaseConnection(connection);
  }
}

interface EntityShape {
  /** `"column" as "property", …` */
  columns: string;
  /** Properties held as Date, which the pool's connections hand over as PostgreSQL's text. */
  dates: string[];
}
const shapes = new Map<string, EntityShape>();

function shapeOf(em: EntityManager, entity: { name: string }): EntityShape {
  let shape = shapes.get(entity.name);
  if (!shape) {
    // Lazy properties (a password hash) stay out, as the ORM's own reads leave them.
    const props = Object.values(em.getMetadata().get(entity.name).props).filter(
      (p) => p.persist !== false && !p.lazy && p.fieldNames?.length === 1,
    );
    shape = {
      columns: props.map((p) => `"${p.fieldNames[0]}" as "${p.name}"`).join(", "),
      dates: props.filter((p) => p.runtimeType === "Date").map((p) => p.name),
    };
    shapes.set(entity.name, shape);
  }
  return shape;
}

/**
 * An entity's table columns under its property names (`"hub_device_id" as "hubDeviceId", …`), from
 * the ORM's own mapping, for a prepared read whose rows `asEntityRows` then finishes.
 */
export function columnsAs(em: EntityManager, entity: { name: string }): string {
  return shapeOf(em, entity).columns;
}

/**
 * Rows read with `columnsAs` as the entity holds its values (dates as Date, as the ORM converts
 * them) and of its class, so that GraphQL serves them as it serves the entity. They are plain rows,
 * never managed: for reading, or for writes the caller makes itself.
 */
export function asEntityRows<T>(em: EntityManager, entity: { name: string; prototype: T }, rows: unknown[]): T[] {
  const { dates } = shapeOf(em, entity);
  const platform = em.getPlatform();
  for (const row of rows as Record<string, unknown>[]) {
    for (const name of dates) {
      const value = row[name];
      if (typeof value === "string") row[name] = platform.parseDate(value);
    }
    Object.setPrototypeOf(row, entity.prototype as object);
  }
  return rows as T[];
}

/**
 * Some of an entity's properties as the row type of `jsonb_to_recordset`, for a write of many rows
 * in one statement: `columns` lists them (`"device_id", …`), `definition` types them for the
 * record (`"device_id" int, …`), and `record` turns an object with those properties into one
 * record under the column names (missing values as null). All from the ORM's own mapping, so a
 * column renamed in the entity is renamed here too.
 */
export interface Recordset<K extends string> {
  columns: string;
  definition: string;
  record(row: Partial<Record<K, unknown>>): Record<string, unknown>;
}

export function recordsetOf<K extends string>(
  em: EntityManager,
  entity: { name: string },
  names: readonly K[],
): Recordset<K> {
  const props = em.getMetadata().get(entity.name).props;
  const fields = names.map((name) => {
    const prop = props.find((p) => p.name === name);
    if (!prop || prop.fieldNames?.length !== 1 || !prop.columnTypes?.[0])
      throw new Error(`${entity.name}.${name} is not a column of its own`);
    return { name, column: prop.fieldNames[0]!, type: prop.columnTypes[0] };
  });
  return {
    columns: fields.map((f) => `"${f.column}"`).join(", "),
    definition: fields.map((f) => `"${f.column}" ${f.type}`).join(", "),
    record(row) {
      const record: Record<string, unknown> = {};
      for (const f of fields) record[f.column] = row[f.name] ?? null;
      return record;
    },
  };
}
