import { Entity, PrimaryKey, Property, UniqueConstraintViolationException } from "@mikro-orm/core";
import { Migration } from "@mikro-orm/migrations";
import type { EntityManager } from "@mikro-orm/postgresql";
import { scratchDatabase } from "../../../../test/support/database";
import { createLogger } from "../logging/logger";
import { createOrm, type Orm } from "./orm";
import { executePrepared, numberedPlaceholders, preparedTransaction, recordsetOf } from "./prepared";

// The sign-in path's statements run as named prepared statements: the same rows and the same
// errors as em.execute, and on the transaction's own connection inside one.

@Entity({ tableName: "prepared_notes", schema: "home" })
class Note {
  @PrimaryKey()
  id!: number;
}

@Entity({ tableName: "prepared_readings", schema: "home" })
class Reading {
  @PrimaryKey()
  id!: number;

  @Property({ type: "integer" })
  deviceId!: number;

  @Property({ type: "string", length: 16 })
  shortLabel!: string;

  @Property({ type: "text", nullable: true })
  note?: string | null;

  @Property({ type: "datetime" })
  takenAt!: Date;
}

class CreateNotes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "home"."prepared_notes" ("id" int primary key, "body" text)`);
    this.addSql(
      `create table "home"."prepared_readings" ("id" serial primary key, "device_id" int not null,
         "short_label" varchar(16) not null, "note" text, "taken_at" timestamptz not null)`,
    );
  }
}

let db: { url: string; drop: () => Promise<void> };
let orm: Orm;
const em = () => orm.em.fork() as EntityManager;

beforeAll(async () => {
  db = await scratchDatabase();
  orm = await createOrm({
    db: { url: db.url, poolMin: 0, poolMax: 2, connectTimeoutMs: 5000, statementTimeoutMs: 10000 },
    schema: "home",
    entities: [Note, Reading],
    migrations: [{ name: "Migration1_prepared_notes", class: CreateNotes }],
    logger: createLogger("prepared-test", "silent"),
  });
});

afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

test("numbers knex's placeholders, leaving question marks in quoted text alone", () => {
  expect(numberedPlaceholders(`select ?::int, '?' as q, "a?b" from t where x = ? and y = ?`)).toBe(
    `select $1::int, '?' as q, "a?b" from t where x = $2 and y = $3`,
  );
});

test("answers as em.execute does, again and again on the pool's connections", async () => {
  const sql = `insert into home.prepared_notes (id, body) values (?, ?) returning id, body, ? as note`;
  for (let id = 1; id <= 6; id++) {
    await expect(executePrepared(em(), sql, [id, `note ${id}`, "x"])).resolves.toEqual([
      { id, body: `note ${id}`, note: "x" },
    ]);
  }
  const read = `select count(*)::int as n from home.prepared_notes where id <= ?`;
  expect(await executePrepared(em(), read, [6])).toEqual(await em().execute(read, [6]));
});

test("a constraint violation is MikroORM's exception, and the connection goes back to the pool", async () => {
  const sql = `insert into home.prepared_notes (id, body) values (?, ?)`;
  await executePrepared(em(), sql, [100, "first"]);
  for (let i = 0; i < 3; i++) {
    await expect(executePrepared(em(), sql, [100, "again"])).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  }
  // Two connections in the pool: had a failure kept one, this would wait for ever.
  await expect(executePrepared(em(), `select 1 as one`, [])).resolves.toEqual([{ one: 1 }]);
});

test("inside a transaction it runs on the transaction's connection (rolled back with it)", async () => {
  await em()
    .transactional(async (tem) => {
      await executePrepared(tem as EntityManager, `insert into home.prepared_notes (id, body) values (?, ?)`, [
        200,
        "in",
      ]);
      throw new Error("roll back");
    })
    .catch(() => undefined);
  expect(await em().execute(`select id from home.prepared_notes where id = 200`)).toEqual([]);
});

test("an array parameter is the same PostgreSQL array outside and inside a transaction", async () => {
  for (const id of [400, 401, 402]) {
    await executePrepared(em(), `insert into home.prepared_notes (id, body) values (?, ?)`, [
      id,
      `a "quoted", \\ note`,
    ]);
  }
  const sql = `select id from home.prepared_notes where id = any(?) and body = any(?) order by id`;
  const params = [
    [400, 402, 999],
    ['a "quoted", \\ note', "other"],
  ];
  expect(await executePrepared(em(), sql, params)).toEqual([{ id: 400 }, { id: 402 }]);
  const inside = await em().transactional((tem) => executePrepared(tem as EntityManager, sql, params));
  expect(inside).toEqual([{ id: 400 }, { id: 402 }]);
});

describe("preparedTransaction", () => {
  const count = async (from: number, to: number) =>
    (
      await em().execute<{ n: number }[]>(
        `select count(*)::int as n from home.prepared_notes where id between ? and ?`,
        [from, to],
      )
    )[0]!.n;

  test("commits every statement of the work together, and hands back what the work returns", async () => {
    const ids = await preparedTransaction(em(), async (query) => {
      const first = await query<{ id: number }>(
        `insert into home.prepared_notes (id, body) values (?, ?) returning id`,
        [300, "first"],
      );
      const second = await query<{ id: number }>(
        `insert into home.prepared_notes (id, body) values (?, ?) returning id`,
        [301, "second"],
      );
      return [first[0]!.id, second[0]!.id];
    });
    expect(ids).toEqual([300, 301]);
    expect(await count(300, 301)).toBe(2);
  });

  test("a failing statement rolls back the whole work with MikroORM's error, and the pool lives on", async () => {
    await executePrepared(em(), `insert into home.prepared_notes (id, body) values (?, ?)`, [310, "taken"]);
    for (let i = 0; i < 4; i++) {
      await expect(
        preparedTransaction(em(), async (query) => {
          await query(`insert into home.prepared_notes (id, body) values (?, ?)`, [311 + i * 10, "half"]);
          await query(`insert into home.prepared_notes (id, body) values (?, ?)`, [310, "again"]);
        }),
      ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    }
    expect(await count(311, 345)).toBe(0);
    // The work's own error goes out as it is, after the rollback.
    await expect(
      preparedTransaction(em(), async (query) => {
        await query(`insert into home.prepared_notes (id, body) values (?, ?)`, [350, "half"]);
        throw new RangeError("the work changed its mind");
      }),
    ).rejects.toThrow(RangeError);
    expect(await count(350, 350)).toBe(0);
    // Two connections in the pool, none left behind in a transaction.
    for (let i = 0; i < 3; i++) expect(await executePrepared(em(), `select 1 as one`, [])).toEqual([{ one: 1 }]);
  });
});

test("a recordset of an entity's properties writes many rows in one statement, under the ORM's columns", async () => {
  const readings = recordsetOf(em(), Reading, ["deviceId", "shortLabel", "note", "takenAt"] as const);
  expect(readings.columns).toBe(`"device_id", "short_label", "note", "taken_at"`);
  const at = new Date("2026-12-05T08:00:00.123Z");
  const rows = [
    { deviceId: 7, shortLabel: "kitchen", note: "first", takenAt: at },
    { deviceId: 8, shortLabel: "hall", takenAt: new Date(at.getTime() + 1000) },
  ];
  const written = await executePrepared<{ id: number }>(
    em(),
    `insert into home.prepared_readings (${readings.columns})
     select ${readings.columns} from jsonb_to_recordset(?::jsonb) as r(${readings.definition}) returning id`,
    [JSON.stringify(rows.map((row) => readings.record(row)))],
  );
  expect(written).toHaveLength(2);
  const stored = await em().find(Reading, {}, { orderBy: { deviceId: "asc" } });
  expect(stored.map(({ deviceId, shortLabel, note, takenAt }) => ({ deviceId, shortLabel, note, takenAt }))).toEqual([
    { deviceId: 7, shortLabel: "kitchen", note: "first", takenAt: at },
    { deviceId: 8, shortLabel: "hall", note: null, takenAt: new Date(at.getTime() + 1000) },
  ]);
  // A label longer than its column is PostgreSQL's refusal, and nothing of the statement is written.
  await expect(
    executePrepared(
      em(),
      `insert into home.prepared_readings (${readings.columns})
       select ${readings.columns} from jsonb_to_recordset(?::jsonb) as r(${readings.definition})`,
      [JSON.stringify([readings.record({ deviceId: 9, shortLabel: "x".repeat(17), takenAt: at })])],
    ),
  ).rejects.toThrow(/too long/);
  expect(await em().count(Reading)).toBe(2);
});

test("a recordset refuses a name that is no column of the entity", () => {
  expect(() => recordsetOf(em(), Reading, ["deviceId", "colour"] as never)).toThrow(/Reading.colour is not a column/);
});
