import { MikroORM, type EntityClass, type MigrationObject } from "@mikro-orm/core";
import { Migrator } from "@mikro-orm/migrations";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import { Client } from "pg";
import type { Logger } from "pino";
import type { BackupConfig } from "../backup/config.js";
import { backupBeforeMigrating } from "../backup/pre-migration.js";
import type { DatabaseConfig } from "../config/config.js";

export type Orm = MikroORM<PostgreSqlDriver>;

export interface OrmOptions {
  db: DatabaseConfig;
  /** The PostgreSQL schema this service owns (`auth`, `email`, `home`). */
  schema: string;
  entities: EntityClass<unknown>[];
  migrations: MigrationObject[];
  logger: Logger;
  /** With a passphrase: a backup of every schema before this one migrates (BACKUP_BEFORE_MIGRATION). */
  backup?: BackupConfig;
}

/**
 * One MikroORM per service, confined to its own schema. Migrations run on start under an
 * advisory lock so that two replicas starting together do not race; when a schema that already
 * has data has migrations to run, a backup comes first (backupBeforeMigrating).
 */
export async function createOrm(options: OrmOptions): Promise<Orm> {
  const { db, schema, logger } = options;
  const orm = await MikroORM.init<PostgreSqlDriver>({
    driver: PostgreSqlDriver,
    clientUrl: db.url,
    schema,
    entities: options.entities,
    extensions: [Migrator],
    migrations: {
      tableName: `${schema}.mikro_orm_migrations`,
      migrationsList: options.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: db.poolMin, max: db.poolMax },
    driverOptions: {
      acquireConnectionTimeout: db.connectTimeoutMs,
      // knex prints connection trouble with console.log; keep it in the service's own log.
      log: {
        warn: (m: unknown) => logger.warn({ db: true }, String(m)),
        error: (m: unknown) => logger.error({ db: true }, String(m)),
        deprecate: (m: unknown) => logger.debug({ db: true }, String(m)),
        debug: (m: unknown) => logger.debug({ db: true }, String(m)),
      },
      connection: {
        connectionTimeoutMillis: db.connectTimeoutMs,
        statement_timeout: db.statementTimeoutMs,
        application_name: `homegraph-${schema}`,
      },
    },
    discovery: { requireEntitiesArray: true, disableDynamicFileAccess: true },
    ensureDatabase: false,
    allowGlobalContext: false,
    debug: false,
    logger: (message) => logger.debug({ orm: true }, message),
  });
  try {
    await withAdvisoryLock(db.url, `homegraph:migrate:${schema}`, async () => {
      const migrator = orm.getMigrator();
      const pending = (await migrator.getPendingMigrations()).map((m) => m.name);
      if (pending.length && (await migrator.getExecutedMigrations()).length) {
        await backupBeforeMigrating({ url: db.url, config: options.backup, schema, pending, logger });
      }
      const ran = await migrator.up();
      if (ran.length) logger.info({ migrations: ran.map((m) => m.name) }, "applied migrations");
    });
  } catch (err) {
    await orm.close(true);
    throw err;
  }
  return orm;
}

async function withAdvisoryLock<T>(url: string, key: string, fn: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext($1))", [key]);
    return await fn();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The connection pool's occupancy: `pending` counts requests queued for a connection. */
export function poolStats(orm: Orm): { max: number; used: number; free: number; pending: number } {
  const pool = (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;
  if (!pool) return { max: 0, used: 0, free: 0, pending: 0 };
  return { max: pool.max, used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires() };
}

/** What knex's pool (tarn) answers about itself. */
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** Health probe: a round trip to the database, bounded by `timeoutMs`. */
export async function pingDatabase(orm: Orm, timeoutMs = 2000): Promise<void> {
  await withTimeout(orm.em.getConnection().execute("select 1"), timeoutMs, "database did not answer");
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
