// Keeps the children of `npm start`: a service that dies after startup is started again with a
// growing pause, and a signal, a crash of the start script or the loss of its parent stops every
// child in order, leaving no process behind.
import { setTimeout as sleep } from "node:timers/promises";
import { Output } from "./output.mjs";
import { ChildExitedError, describeExit, groupAlive, signalGroup, stopChild } from "./processes.cjs";

const STOP_TIMEOUT_MS = 10_000;

export class Supervisor {
  /** building → starting → running → stopping */
  phase = "building";
  /** The data folder's lock, once taken: released on every way out. */
  lock;
  /** tsc or vite while one runs: a stop during the build stops it too. */
  buildProcess;
  #startup = new AbortController();
  /** The current handle of each child, by name. */
  #children = new Map();
  #stopOrder;
  #stopping;
  #firstSignalAt = 0;

  /**
   * `names`: every child's name, in the order their prefix colours are given. `stopOrder`: tiers of
   * `{ names, leaderOnly, extraMs }`, stopped one tier after the other, each tier's children at once.
   */
  constructor({ names, stopOrder }) {
    this.output = new Output(names);
    this.#stopOrder = stopOrder;
  }

  get color() {
    return this.output.color;
  }

  /** Aborted once a stop is requested: whatever waits for startup gives up. */
  get startupSignal() {
    return this.#startup.signal;
  }

  say(msg, level) {
    this.output.say(msg, level);
  }

  /** Refuses to start, in one line, before anything runs. */
  refuse(message) {
    this.lock?.release?.();
    process.stderr.write(message + "\n");
    process.exit(1);
  }

  /**
   * A child to stop with the others; it replaces an earlier child of the same name. `whenDown` says
   * what its death means to a user; `restart` (when given) starts it again and resolves with the new
   * handle once it is healthy.
   */
  track(handle, { whenDown, restart, startedAt } = {}) {
    Object.assign(handle, { whenDown, restart, startedAt });
    this.#children.set(handle.name, handle);
  }

  /** Signals, crashes and the loss of the parent all end in the same ordered stop. */
  takeOverProcess() {
    // A closed stdout (`npm start | head`) must not turn every later write into a crash.
    process.stdout.on("error", () => undefined);
    process.stderr.on("error", () => undefined);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, (s) => this.#onSignal(s));

    // `npm start` dies on SIGTERM without passing it on, leaving this script to init: losing the
    // parent is a stop request too.
    const parentAtStart = process.ppid;
    setInterval(() => {
      if (process.ppid !== parentAtStart && !this.#firstSignalAt) this.#onSignal("SIGTERM");
    }, 500).unref();

    const onCrash = (err) => {
      process.stderr.write(`start script crashed: ${err?.stack ?? err}\n`);
      this.#exitAfterShutdown("the start script crashed", 1);
    };
    process.on("uncaughtException", onCrash);
    process.on("unhandledRejection", onCrash);

    // Last resort when the process exits some other way: children stop themselves on SIGTERM.
    process.on("exit", () => {
      for (const handle of this.#all()) {
        if (!handle.exit || groupAlive(handle.pgid)) signalGroup(handle.pgid, "SIGTERM");
      }
      this.lock?.release?.();
    });
  }

  /** Everything started: from now on a child that exits is news, and is started again. */
  running() {
    this.phase = "running";
    for (const handle of this.#all()) this.#watch(handle);
  }

  /** Reports why startup failed, then stops what did start and exits 1. */
  startupFailed(err) {
    if (this.phase === "stopping") return; // a signal interrupted startup; the shutdown reports and exits
    if (err instanceof ChildExitedError) {
      const linesJustAbove = this.output.lastSpeaker === err.handle.name;
      this.say(err.message + (linesJustAbove ? ": its last lines are just above" : ""), 50);
      if (!linesJustAbove) this.output.printLastLines(err.handle);
    } else {
      this.say(`could not start: ${err?.message ?? err}`, 50);
    }
    this.#exitAfterShutdown("startup failed", 1);
  }

  /** Every child, in stop order. */
  #all() {
    return this.#stopOrder.flatMap(({ names }) => names.map((name) => this.#children.get(name))).filter(Boolean);
  }

  #onSignal(signal) {
    if (!this.#firstSignalAt) {
      this.#firstSignalAt = Date.now();
      if (signal === "SIGINT") process.stdout.write("\n");
      this.#exitAfterShutdown(signal, 0);
      return;
    }
    // One Ctrl-C arrives twice (from the terminal, and forwarded by npm): only a later one means "now".
    if (Date.now() - this.#firstSignalAt < 1_500) return;
    this.say("second signal: killing everything now", 40);
    for (const handle of this.#all()) signalGroup(handle.pgid, "SIGKILL");
    this.lock?.release?.();
    process.exit(1);
  }

  #exitAfterShutdown(reason, exitCode) {
    this.#shutdown(reason, exitCode).then((code) => process.exit(code));
  }

  /** Stops everything, tier by tier; resolves with the exit code to use. */
  #shutdown(reason, exitCode = 0) {
    this.#stopping ??= (async () => {
      const wasStarting = this.phase !== "running";
      this.phase = "stopping";
      this.#startup.abort();
      this.buildProcess?.kill("SIGTERM");
      const began = Date.now();
      if (this.#all().length) this.say(`stopping (${reason})…`);
      for (const { names, leaderOnly = false, extraMs = 0 } of this.#stopOrder) {
        await this.#stopAll(
          names.map((name) => this.#children.get(name)),
          { timeoutMs: STOP_TIMEOUT_MS + extraMs, leaderOnly },
        );
      }
      this.lock?.release?.();
      if (this.#all().length) this.say(`stopped in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      else if (wasStarting && exitCode === 0) this.say("stopped before anything started");
      return exitCode;
    })().catch((err) => {
      process.stderr.write(`error while stopping: ${err?.stack ?? err}\n`);
      for (const handle of this.#all()) signalGroup(handle.pgid, "SIGKILL");
      return 1;
    });
    return this.#stopping;
  }

  async #stopAll(handles, options) {
    await Promise.all(
      handles.filter(Boolean).map(async (handle) => {
        const wasRunning = !handle.exit;
        const result = await stopChild(handle, options);
        if (result.killed) this.say(`${handle.name} did not stop within ${STOP_TIMEOUT_MS / 1000} s: killed`, 40);
        else if (wasRunning && result.exit && (result.exit.code ?? 0) !== 0) {
          this.say(`${handle.name} stopped with ${describeExit(result.exit)}`, 40);
        }
      }),
    );
  }

  /**
   * After startup, a child that exits is news: the others keep running (the gateway degrades), and
   * a service is started again with a growing pause so a crash loop does not spin.
   */
  #watch(handle, attempt = 0) {
    handle.exited.then(async (exit) => {
      if (this.phase !== "running") return;
      this.output.alert(`!!! ${handle.name} exited unexpectedly (${describeExit(exit)}): ${handle.whenDown}.`);
      if (!handle.restart) {
        this.say("restart Homegraph (Ctrl-C, then npm start) to bring it back", 50);
        return;
      }
      // A service that ran a while before dying starts over at the shortest pause.
      const ranMs = Date.now() - handle.startedAt;
      const next = ranMs > 60_000 ? 0 : attempt + 1;
      const pauseMs = Math.min(30_000, 1000 * 2 ** Math.max(0, next - 1));
      this.say(`starting ${handle.name} again in ${(pauseMs / 1000).toFixed(0)} s`, 40);
      await sleep(pauseMs);
      if (this.phase !== "running") return;
      try {
        const fresh = await handle.restart();
        this.#watch(fresh, next);
      } catch (err) {
        this.say(`${handle.name} did not come back: ${err?.message ?? err}`, 50);
        if (this.phase === "running") this.#watch({ ...handle, exited: Promise.resolve(handle.exit) }, next);
      }
    });
  }
}
