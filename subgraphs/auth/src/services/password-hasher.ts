import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import { UnavailableError } from "@homegraph/common";
import bcrypt from "bcryptjs";

// Inline so the same pool runs under jest (TypeScript sources) and from dist/ alike; bcryptjs's
// synchronous calls are right here because each runs on a thread of its own.
// On Linux a thread's nice value is its own: lowering this thread's priority leaves the event
// loop's as it was, so a burst of sign-ins yields the CPU to every other request.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcryptPath);
if (workerData.nice > 0) {
  try {
    require("node:os").setPriority(workerData.nice);
  } catch {}
}
parentPort.on("message", (job) => {
  try {
    const result = job.op === "hash" ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String((err && err.message) || err) });
  }
});
`;

interface Job {
  id: number;
  message: { op: "hash"; password: string; cost: number } | { op: "compare"; password: string; hash: string };
  /** Whether whoever asked has hung up: such a job is dropped before it takes a thread. */
  gone?: () => boolean;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** A queued job whose caller hung up before a thread took it: there is nobody to answer. */
export class CallerGoneError extends UnavailableError {
  constructor() {
    super("The request ended before the password was checked. Please try again.");
    this.name = "CallerGoneError";
  }
}

interface Slot {
  worker: Worker;
  job?: Job;
}

/**
 * bcrypt on a few worker threads: at cost 12 one hash takes ~250 ms of CPU, and a burst of
 * sign-ins on the main thread would stall every other request. Jobs queue when all are busy.
 * Niced threads leave the CPU to every request first, so a burst's queue can outlast the callers
 * that made it (their gateway timed out): checks whose caller has hung up are dropped, not run,
 * so the burst never delays the sign-ins after it by more than its live callers' work.
 */
export class PasswordHasher {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly dummyHash: Promise<string>;

  constructor(
    readonly cost: number,
    size: number,
    /** The threads' nice value (0 to 19); 0 leaves them at the service's priority. */
    private readonly nice = 0,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    // Made now, off the request path: otherwise the first unknown email would take twice as long.
    this.dummyHash = this.hash(`dummy:${randomBytes(16).toString("hex")}`);
    this.dummyHash.catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return this.run({ op: "hash", password, cost: this.cost }) as Promise<string>;
  }

  /** `gone`: whether the caller has hung up (the job is then dropped if still queued: CallerGoneError). */
  compare(password: string, hash: string, gone?: () => boolean): Promise<boolean> {
    return this.run({ op: "compare", password, hash }, gone) as Promise<boolean>;
  }

  /**
   * Compares against a hash of nothing anyone knows, at the configured cost: an unknown email
   * then costs exactly what a wrong password costs, so timing does not reveal who has an account.
   */
  async compareWithDummy(password: string, gone?: () => boolean): Promise<false> {
    await this.compare(password, await this.dummyHash, gone);
    return false;
  }

  needsRehash(hash: string): boolean {
    try {
      return bcrypt.getRounds(hash) < this.cost;
    } catch {
      return true;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("password hasher closed"));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private run(message: Job["message"], gone?: () => boolean): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("password hasher closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, message, gone, resolve, reject });
      this.dispatch();
    });
  }

  /** The next job whose caller is still there. */
  private next(): Job | undefined {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      if (!job.gone?.()) return job;
      job.reject(new CallerGoneError());
    }
    return undefined;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.next();
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, ...job.message });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bcryptPath: require.resolve("bcryptjs"), nice: this.nice },
    });
    worker.unref();
    const slot: Slot = { worker };
    worker.on("message", (reply: { id: number; result?: unknown; error?: string }) => {
      const job = slot.job;
      slot.job = undefined;
      if (job && job.id === reply.id) {
        if (reply.error !== undefined) job.reject(new Error(reply.error));
        else job.resolve(reply.result);
      }
      this.dispatch();
    });
    worker.on("error", (err) => {
      slot.job?.reject(err);
      slot.job = undefined;
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.dispatch();
    });
    return slot;
  }
}
