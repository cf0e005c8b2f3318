// Preloaded into each Node.js process of the stack and the peers by `npm run bench -- --profile`
// (node --require; --cpu-prof is not allowed in NODE_OPTIONS): samples the main thread's CPU from
// start; on each SIGUSR2 it writes what it has to BENCH_PROFILE_DIR/<pid>.<n>.cpuprofile (n = 0, 1,
// …) and starts again, so the benchmark gets one profile per scenario.
const { isMainThread } = require("node:worker_threads");
const dir = process.env.BENCH_PROFILE_DIR;

if (dir && isMainThread) {
  const inspector = require("node:inspector");
  const { writeFileSync } = require("node:fs");
  const path = require("node:path");
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable", () => session.post("Profiler.start"));
  let n = 0;
  process.on("SIGUSR2", () => {
    session.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(path.join(dir, `${process.pid}.${n++}.cpuprofile`), JSON.stringify(result.profile));
      session.post("Profiler.start");
    });
  });
}
