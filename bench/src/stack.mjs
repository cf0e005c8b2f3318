// Starts Homegraph exactly as `npm start` does (real processes), on free ports and a database of
// the benchmark's own, through the harness the tests use too (scripts/lib/stack-harness.cjs).
import { randomBytes } from "node:crypto";
import { ROOT, freePort, startHomegraph } from "../../scripts/lib/stack-harness.cjs";
import { ADMIN } from "./session.mjs";

export { freePort };
export const root = ROOT;
/** The stack's PUBLIC_URL, set explicitly: its origin is the one passkey answers must name. */
export const BENCH_PUBLIC_URL = "http://localhost:6003";

/**
 * `env` is added to the stack's environment. Without BENCH_DATABASE_URL the embedded PostgreSQL
 * is used, in a temporary data folder. `nodeOptions` (such as --cpu-prof) go to every Node.js
 * process of the stack.
 */
export async function startStack(env = {}, { nodeOptions = [] } = {}) {
  const stack = await startHomegraph({
    env: {
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      // Production mode, as a household would run it: its secrets set and a first admin rather than
      // the demo household (which production refuses).
      AUTH_SECRET: randomBytes(32).toString("hex"),
      SERVICE_SECRET: randomBytes(32).toString("hex"),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // One access token lasts the whole run.
      ACCESS_TOKEN_TTL_SECONDS: "3600",
      // The entity-heavy query lists 50 devices; a quiet hub keeps the runs comparable.
      SIM_EXTRA_SWITCHES: "40",
      SIM_ACTIVITY: "false",
      // The peers never give up on a subgraph: neither does Homegraph's gateway here, so a slow answer
      // is measured as slow rather than turned into an error at 10 s.
      SUBGRAPH_TIMEOUT_MS: "120000",
      PUBLIC_URL: BENCH_PUBLIC_URL,
      ...(nodeOptions.length ? { NODE_OPTIONS: nodeOptions.join(" ") } : {}),
      DATABASE_URL: process.env.BENCH_DATABASE_URL,
      ...env,
    },
  });
  // The bench's mail goes to its own sink (SMTP_URL), so no dev mailbox listens: the ports it names are the services'.
  const { catcher: _catcher, ...ports } = stack.ports;
  return { ...stack, ports };
}
