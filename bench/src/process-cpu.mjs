// CPU time spent by each process of the stack over a stretch of work, read from Linux's /proc
// (user + system, every thread; a PostgreSQL server with all its backends): what one operation
// costs the machine, the figure that bounds latency when many arrive at once on two cores.
import { readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import { listenerPid } from "../../scripts/lib/instance.mjs";

const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

/** CPU time (user + system, every thread) a process has used so far, in ms; null when it cannot be read. */
export function cpuMs(pid) {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at state: utime is the 12th of them.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** The process and its children (PostgreSQL's postmaster and its backends). */
function withChildren(pid) {
  const all = [pid];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      if (children) all.push(...children.split(" ").map(Number));
    }
  } catch {
    // gone, or not Linux
  }
  return all;
}

/**
 * Starts counting for the named listeners (`{ gateway: port, … }`; `withChildren` names the ones
 * whose child processes count too) and this process. `stop(operations)` gives CPU ms per operation
 * for each, their total, and the latency floor it sets when `concurrency` arrive at once on this
 * machine's cores.
 */
export function cpuMeter(ports, { includeChildren = [] } = {}) {
  const pids = Object.entries(ports)
    .map(([name, port]) => [name, listenerPid(port)])
    .filter(([, pid]) => pid);
  const read = () =>
    new Map(
      pids.map(([name, pid]) => [
        name,
        (includeChildren.includes(name) ? withChildren(pid) : [pid]).reduce((sum, p) => sum + (cpuMs(p) ?? 0), 0),
      ]),
    );
  const before = read();
  const ownBefore = process.cpuUsage();
  const startedAt = performance.now();
  return {
    stop(operations, concurrency) {
      const after = read();
      const own = process.cpuUsage(ownBefore);
      const perOperation = Object.fromEntries(
        [...after].map(([name, ms]) => [name, +((ms - before.get(name)) / operations).toFixed(2)]),
      );
      perOperation["load generator (this process)"] = +((own.user + own.system) / 1000 / operations).toFixed(2);
      const total = +Object.values(perOperation)
        .reduce((a, b) => a + b, 0)
        .toFixed(2);
      const cores = os.availableParallelism();
      return {
        seconds: +((performance.now() - startedAt) / 1000).toFixed(1),
        operations,
        perOperationMs: perOperation,
        totalMs: total,
        cores,
        // The last of `concurrency` at once cannot finish before all of their CPU has been spent.
        floorMs: concurrency ? Math.round((total * concurrency) / cores) : undefined,
      };
    },
  };
}
