import { execFileSync } from "node:child_process";
import path from "node:path";
import { createScratchDatabase } from "../packages/common/src/db/databases";
import {
  startEnv,
  tempDataDir,
  runStart,
  waitForOutput,
  exitWithin,
  freePorts,
  portEnv,
  processTree,
  processesMentioning,
  alive,
  eventually,
  expectNothingLeft,
  killEverything,
  gatewayJson,
  queryDevices,
  type Run,
  type ProcInfo,
  type HealthBody,
  cleanUpStarts,
  ROOT,
} from "./support/start";

// `npm start` end to end: scripts/start.mjs as a real process tree (build, PostgreSQL, three
// subgraphs, gateway), started the way a person does and stopped with the signal Ctrl-C sends.

// ---- the tests ---------------------------------------------------------------------------------------

beforeAll(() => {
  // Once here, so each start below finds nothing stale (and several starts never compile at once).
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-b"], {
    cwd: ROOT,
    stdio: "pipe",
    timeout: 180_000,
  });
}, 200_000);

afterAll(cleanUpStarts);

describe("npm start against DATABASE_URL", () => {
  let run: Run;
  let ports: number[];
  let dataDir: string;
  let db: { url: string; drop: () => Promise<void> };
  let tree: ProcInfo[] = [];

  beforeAll(async () => {
    db = await createScratchDatabase(process.env.TEST_DATABASE_URL!);
    ports = await freePorts(6);
    dataDir = tempDataDir();
    // A configured database is never seeded unless asked.
    run = runStart(startEnv({ ...portEnv(ports), DATA_DIR: dataDir, DATABASE_URL: db.url, DEMO_SEED: "1" }));
  });

  afterAll(async () => {
    if (run) {
      killEverything(run);
      await run.exited;
    }
    await db?.drop();
  });

  it("becomes healthy and answers GraphQL through the gateway", async () => {
    await waitForOutput(run, /Homegraph is up/, 60_000);
    const out = run.output();
    expect(out).toContain(`http://localhost:${ports[0]}/graphql`);
    expect(out).toContain(`http://localhost:${ports[0]}/health`);
    expect(out).toMatch(/Ctrl-C/);
    // Service lines are rendered (prefix, level word), not raw pino JSON.
    expect(out).toMatch(/^auth +│ \d\d:\d\d:\d\d\.\d{3} INFO +auth listening/m);
    expect(out).not.toMatch(/"level":30/);

    const health = await gatewayJson<HealthBody>(ports[0], "/health");
    expect(health.status).toBe(200);
    for (const name of ["auth", "email", "home"]) expect(health.body.checks[name].status).toBe("healthy");

    const answer = await queryDevices(ports[0]);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.devices).toEqual(expect.any(Array));
  }, 90_000);

  it("refuses a second start on the same port in one line, quickly", async () => {
    // Same data folder (the lock says it), then another data folder (the port says it).
    for (const otherDataDir of [dataDir, tempDataDir()]) {
      const began = Date.now();
      const second = runStart(startEnv({ ...portEnv(ports), DATA_DIR: otherDataDir, DATABASE_URL: db.url }));
      const exit = await exitWithin(second, 20_000);
      expect(exit.code).toBe(1);
      expect(Date.now() - began).toBeLessThan(15_000);
      const lines = second.stderr().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^Homegraph is already running \\(pid ${run.pid}, http://localhost:${ports[0]}\\); stop it first or set (DATA_DIR|PORT)\\.$`,
        ),
      );
      expect(second.output()).not.toMatch(/EADDRINUSE/);
    }
    // The first one is untouched.
    expect((await gatewayJson<HealthBody>(ports[0], "/health")).status).toBe(200);
  }, 60_000);

  it("starts a crashed subgraph again by itself, and the gateway uses it again", async () => {
    const home = processTree(run.pid).find(
      (p) => p.ppid === run.pid && processesMentioning("subgraphs/home/dist/main.js").includes(p.pid),
    );
    expect(home).toBeDefined();
    process.kill(home!.pid, "SIGKILL");
    await waitForOutput(run, /home exited unexpectedly \(killed by SIGKILL\)/, 10_000);
    expect(
      await eventually(async () => (await gatewayJson<HealthBody>(ports[0], "/health")).status === 200, 30_000),
    ).toBe(true);
    expect((await queryDevices(ports[0])).body.data?.devices).toEqual(expect.any(Array));
  }, 60_000);

  it("stops everything on SIGINT and exits 0", async () => {
    tree = processTree(run.pid);
    // The orchestrator, its four services and the hub simulator, each leading a process group of its own.
    expect(tree.length).toBeGreaterThanOrEqual(6);
    expect(tree.filter((p) => p.ppid === run.pid && p.pgid === p.pid)).toHaveLength(5);

    process.kill(run.pid, "SIGINT");
    const exit = await exitWithin(run, 40_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.output()).toMatch(/stopped in/);
    // Each stopped by itself, in time: nothing needed SIGKILL.
    expect(run.output()).not.toMatch(/did not stop within|stopped with/);
    // Reverse order: the gateway is asked to stop before any subgraph.
    const out = run.output();
    const gatewayStop = out.search(/^gateway +│ .*shutting down/m);
    expect(gatewayStop).toBeGreaterThan(0);
    for (const name of ["auth", "email", "home"]) {
      expect(out.search(new RegExp(`^${name} +│ .*shutting down`, "m"))).toBeGreaterThan(gatewayStop);
    }
    await expectNothingLeft(tree, dataDir, ports);
  }, 60_000);
});

describe("npm start refuses a bad configuration", () => {
  it.each([
    ["PORT", { PORT: "abc" }],
    ["DATABASE_URL", { DATABASE_URL: "not-a-url" }],
  ])(
    "names %s, without a stack trace",
    async (variable, overrides) => {
      const run = runStart(startEnv({ DATA_DIR: tempDataDir(), ...overrides }));
      const exit = await exitWithin(run, 60_000);
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(run.stderr()).toContain(variable);
      expect(run.output()).not.toMatch(/^\s+at /m);
      // Nothing was started.
      expect(run.output()).not.toMatch(/starting/);
    },
    90_000,
  );
});

describe("npm start with the embedded PostgreSQL", () => {
  it("starts PostgreSQL under DATA_DIR, serves the graph, and stops PostgreSQL too", async () => {
    const ports = await freePorts(6);
    const dataDir = tempDataDir();
    const run = runStart(startEnv({ ...portEnv(ports), DATA_DIR: dataDir, DATABASE_URL: undefined }));
    try {
      await waitForOutput(run, /Homegraph is up/, 90_000);
      expect(run.output()).toContain(`embedded PostgreSQL, data in ${path.join(dataDir, "postgres")}`);
      expect(run.output()).toMatch(
        new RegExp(`postgres://postgres:\\*\\*\\*\\*@127\\.0\\.0\\.1:${ports[4]}/homegraph`),
      );

      // The first-run admin sign-in is printed, and works: the demo household was seeded.
      expect(run.output()).toMatch(/Sign in +test@example\.com \/ password/);
      const answer = await queryDevices(ports[0]);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.devices).toEqual(expect.any(Array));

      const tree = processTree(run.pid);
      const postgres = processesMentioning(path.join(dataDir, "postgres"));
      expect(postgres.length).toBeGreaterThan(0);

      process.kill(run.pid, "SIGINT");
      const exit = await exitWithin(run, 60_000);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(run.output()).toMatch(/PostgreSQL stopped/);
      expect(run.output()).not.toMatch(/did not stop within|stopped with/);
      await expectNothingLeft(tree, dataDir, ports);
      expect(postgres.filter(alive)).toEqual([]);
    } finally {
      killEverything(run);
    }
  }, 180_000);
});
