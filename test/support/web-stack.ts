import type { Browser } from "playwright-core";
import { createScratchDatabase } from "../../packages/common/src/db/databases";
import { launchChromium } from "./browser";
import {
  cleanUpStarts,
  freePorts,
  killEverything,
  portEnv,
  runStart,
  startEnv,
  tempDataDir,
  waitForOutput,
  type Run,
} from "./start";

/** The whole stack as `npm start` starts it (demo household, a quiet simulated hub), and Chromium. */
export interface WebStack {
  /** The gateway, which serves the built app at /. */
  base: string;
  /** The hub simulator's port. */
  hubSimPort: number;
  run: Run;
  browser: Browser;
  /** A second client's sign-in through the REST facade: the access token, or an error. */
  signIn(email: string, password: string): Promise<string>;
  gql<T = any>(token: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startWebStack(env: Record<string, string> = {}): Promise<WebStack> {
  const db = await createScratchDatabase(process.env.TEST_DATABASE_URL!);
  const ports = await freePorts(7);
  const base = `http://localhost:${ports[0]}`;
  const run = runStart(
    startEnv({
      ...portEnv(ports),
      DATA_DIR: tempDataDir(),
      DATABASE_URL: db.url,
      DEMO_SEED: "1",
      // The simulated household stays still, so only the test changes what the screens show.
      SIM_ACTIVITY: "false",
      ...env,
    }),
  );
  const [, browser] = await Promise.all([waitForOutput(run, /Homegraph is up/, 240_000), launchChromium()]);
  return {
    base,
    hubSimPort: ports[5]!,
    run,
    browser,
    async signIn(email, password) {
      const res = await fetch(`${base}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
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
      await browser.close();
      killEverything(run);
      await Promise.race([run.exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
      await db.drop();
      await cleanUpStarts();
    },
  };
}
