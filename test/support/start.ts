import net from "node:net";
import { alive, groupAlive, processesMentioning, type ProcInfo } from "../../scripts/lib/processes.cjs";
import { cleanUp } from "../../scripts/lib/stack-harness.cjs";

// `npm start` as a real process tree for tests: the harness in scripts/lib starts scripts/start.mjs
// the way a person does (its own process group, its own DATA_DIR, free ports); what is here checks
// what it answers and what it leaves behind.

export {
  ROOT,
  START,
  exitWithin,
  freePorts,
  killEverything,
  portEnv,
  runStart,
  startEnv,
  tempDataDir,
  waitForOutput,
  type Exit,
  type Run,
} from "../../scripts/lib/stack-harness.cjs";
export { alive, procInfo, processTree, processesMentioning, type ProcInfo } from "../../scripts/lib/processes.cjs";

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** Everything a run started is gone: its tree, their process groups, anything naming its data folder, its ports. */
export async function expectNothingLeft(tree: ProcInfo[], dataDir: string, ports: number[]): Promise<void> {
  await eventually(() => tree.every((p) => !alive(p.pid)), 5_000);
  expect(tree.filter((p) => alive(p.pid))).toEqual([]);
  expect([...new Set(tree.map((p) => p.pgid))].filter(groupAlive)).toEqual([]);
  expect(processesMentioning(dataDir)).toEqual([]);
  for (const port of ports) expect(await portFree(port)).toBe(true);
}

export interface HealthBody {
  status: string;
  checks: Record<string, { status: string }>;
}

export interface GraphQLBody {
  data?: { devices?: { id: string }[] } | null;
  errors?: { message: string }[];
}

export async function gatewayJson<T>(
  port: number,
  pathname: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${pathname}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

/** Signs in as the demo admin through the gateway's REST facade, as the seed's curl does. */
export async function signIn(port: number): Promise<string> {
  const { status, body } = await gatewayJson<{ accessToken?: string }>(port, "/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "test@example.com", password: "password" }),
  });
  expect(status).toBe(200);
  return body.accessToken!;
}

export async function queryDevices(port: number) {
  const token = await signIn(port);
  return gatewayJson<GraphQLBody>(port, "/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ devices { id } }" }),
  });
}

/** Stops every start a test file made and removes their data folders (its afterAll). */
export const cleanUpStarts = cleanUp;
