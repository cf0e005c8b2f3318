import { createLogger } from "@homegraph/common";
import { Client } from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import { scratchDatabase } from "../../../test/support/database";
import { EMAIL_QUEUE, EmailQueue } from "./services/queue";

// Closing the email service while a worker's fetch is in flight: what the worker then fetches is
// delivered and completed before the queue's stop resolves, with the database still open. pg-boss
// alone resolved its stop when the pool closed and left the worker to run the mail afterwards,
// unable to record it (the job stayed active until its lease expired, and the worker outlived the
// service).

let db: { url: string; drop: () => Promise<void> };

beforeAll(async () => {
  db = await scratchDatabase();
});

afterAll(async () => {
  await db?.drop();
});

it("delivers and completes the mail a worker was fetching when the queue stopped, before the stop resolves", async () => {
  const queue = await EmailQueue.start({
    databaseUrl: db.url,
    logger: createLogger("queue-stop-test", "silent"),
    maxAttempts: 3,
    retryBaseSeconds: 1,
    expireSeconds: 60,
    pollMs: 500,
  });
  let stopping: Promise<unknown> | undefined;
  const jobId = await queue.boss.send(EMAIL_QUEUE, { logId: 1 });

  // The job table held: the worker's first fetch waits on it, as a fetch on a busy database does.
  const holder = new Client({ connectionString: db.url });
  await holder.connect();
  let stoppedAt = 0;
  try {
    await holder.query("begin");
    await holder.query("lock table pgboss.job in access exclusive mode");
    const delivered: number[] = [];
    await queue.work(1, 5, async (jobs) => {
      await sleep(300); // an SMTP conversation
      delivered.push(Date.now());
      return jobs.map((job) => ({ logId: job.logId }));
    });
    await sleep(300);
    stopping = queue.stop().then(() => (stoppedAt = Date.now()));
    await sleep(300);
    await holder.query("commit");
    await stopping;

    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toBeLessThanOrEqual(stoppedAt);
  } finally {
    await holder.query("rollback").catch(() => undefined);
    await holder.end();
    await (stopping ?? queue.stop());
  }
  const reader = new Client({ connectionString: db.url });
  await reader.connect();
  try {
    const { rows } = await reader.query(`select state from pgboss.job where id = $1`, [jobId]);
    expect(rows).toEqual([{ state: "completed" }]);
  } finally {
    await reader.end();
  }
}, 60_000);
