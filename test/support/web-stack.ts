import { Pool } from "pg";
import type { Browser } from "playwright-core";
import { createScratchDatabase } from "../../packages/common/src/db/databases";
import { startHomegraph, type Run } from "../../scripts/lib/stack-harness.cjs";
import { launchChromium } from "./browser";
import { gatewaySignIn } from "./stack-env";

/** The whole stack as `npm start` starts it (demo household, a quiet simulated hub), and Chromium. */
export interface WebStack {
  /** The gateway, which serves the built app at /. */
  base: string;
  /** The hub simulator's port. */
  hubSimPort: number;
  /** Every service's port (gateway, auth, email, home, ...), for a test calling a service itself. */
  ports: Record<string, number>;
  /** The stack's database, for a test that needs history older than the stack itself. */
  databaseUrl: string;
  run: Run;
  browser: Browser;
  /** A second client's sign-in through the REST facade: the access token, or an error. */
  signIn(email: string, password: string): Promise<string>;
  gql<T = any>(token: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startWebStack(env: Record<string, string> = {}): Promise<WebStack> {
  const db = await createScratchDatabase(process.env.TEST_DATABASE_URL!);
  const [started, launched] = await Promise.allSettled([
    startHomegraph({
      env: {
        DATABASE_URL: db.url,
        DEMO_SEED: "1",
        // The simulated household stays still, so only the test changes what the screens show.
        SIM_ACTIVITY: "false",
        ...env,
      },
      readyTimeoutMs: 240_000,
    }),
    launchChromium(),
  ]);
  // Whichever failed, what did start is stopped: no stack outlives a missing Chromium.
  if (started.status === "rejected" || launched.status === "rejected") {
    if (started.status === "fulfilled") await started.value.stop();
    if (launched.status === "fulfilled") await launched.value.close();
    await db.drop();
    throw started.status === "rejected" ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const homegraph = started.value;
  const browser = launched.value;
  const base = `http://localhost:${homegraph.ports.gateway}`;
  return {
    base,
    hubSimPort: homegraph.ports.hub,
    ports: homegraph.ports,
    databaseUrl: db.url,
    run: homegraph.run,
    browser,
    async signIn(email, password) {
      return (await gatewaySignIn(base, email, password)).accessToken;
    },
    async gql(token, query, variables = {}) {
      const res = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
      return body.data!;
    },
    async stop() {
      // A service that died during the file would be restarted by npm start's supervisor and the
      // tests would only see the gap: say which one, with its last words, in the test's output.
      const output = homegraph.run.output();
      if (/exited unexpectedly/.test(output)) {
        const lines = output.split("\n");
        const at = lines.findIndex((l) => l.includes("exited unexpectedly"));
        console.warn(
          `web stack: a service died during this file:\n${lines.slice(Math.max(0, at - 60), at + 5).join("\n")}`,
        );
      }
      await browser.close();
      await homegraph.stop();
      await db.drop();
    },
  };
}

/** One query against the stack's database (a test checking what the app wrote), on a connection of its own. */
export async function stackSql<T extends Record<string, unknown>>(
  stack: Pick<WebStack, "databaseUrl">,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const pool = new Pool({ connectionString: stack.databaseUrl, max: 1 });
  try {
    return (await pool.query<T>(text, values)).rows;
  } finally {
    await pool.end();
  }
}
