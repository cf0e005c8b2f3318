import path from "node:path";
import bcrypt from "bcryptjs";
import type { RunningSimulator } from "../../hub-simulator/src/app";

// What the test stacks share, whether each service runs in the test's process (./stack) or as a
// process of its own (../faults/harness): the settings each service runs with, and the way a test
// adds a person and signs in.

export const SUPERGRAPH = path.resolve(__dirname, "../../schema/supergraph.graphql");

export type ServiceName = "auth" | "email" | "home" | "gateway";

/**
 * Each service's own settings, on top of what the stack gives them all: where the others are,
 * a fast outbox, cheap password hashes, no digest schedule (tests run the digest themselves), and
 * a home that syncs from `hub` with fast probes and timeouts, so that a hub going away and coming
 * back shows within a second or two.
 */
export function serviceEnv(
  urls: Record<"auth" | "email" | "home", string>,
  hub?: RunningSimulator,
): Record<ServiceName, Record<string, string>> {
  const hubEnv: Record<string, string> = hub
    ? {
        HUBITAT_HUB_IP: `127.0.0.1:${hub.port}`,
        HUBITAT_APP_ID: hub.appId,
        HUBITAT_ACCESS_TOKEN: hub.accessToken,
        HUBITAT_TIMEOUT_MS: "2000",
        HUB_PROBE_INTERVAL_MS: "250",
      }
    : {};
  return {
    auth: { AUTH_URL: urls.auth, EMAIL_URL: urls.email, HOME_URL: urls.home, OUTBOX_POLL_MS: "200", BCRYPT_COST: "10" },
    email: { AUTH_URL: urls.auth, HOME_URL: urls.home, DIGEST_SCHEDULE: "false" },
    home: { AUTH_URL: urls.auth, EMAIL_URL: urls.email, ...hubEnv },
    gateway: {
      AUTH_URL: urls.auth,
      EMAIL_URL: urls.email,
      HOME_URL: urls.home,
      SUPERGRAPH_PATH: SUPERGRAPH,
      SUPERGRAPH_WATCH: "false",
      HEALTH_TIMEOUT_MS: "1000",
    },
  };
}

export type Sql = (text: string, values?: unknown[]) => Promise<Record<string, any>[]>;

/** Adds a person with a password straight to auth.users (bcrypt cost 10, fast enough for tests); their id. */
export async function insertUser(
  sql: Sql,
  { email, password, displayName = email.split("@")[0]!, role = "MEMBER" }: NewUser,
): Promise<number> {
  const [row] = await sql(
    `insert into auth.users (email, display_name, role, password_hash) values ($1, $2, $3, $4) returning id`,
    [email, displayName, role, await bcrypt.hash(password, 10)],
  );
  return Number(row!.id);
}

export interface NewUser {
  email: string;
  password: string;
  displayName?: string;
  role?: "ADMIN" | "MEMBER" | "GUEST";
}

export interface SignInBody {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; displayName: string; role: string };
}

/** Signs in through the gateway's REST facade, as the web app and scripts do. */
export async function gatewaySignIn(gatewayUrl: string, email: string, password: string): Promise<SignInBody> {
  const res = await fetch(`${gatewayUrl}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as SignInBody;
  if (res.status !== 200 || !body.accessToken) {
    throw new Error(`sign-in failed with HTTP ${res.status}: ${JSON.stringify(body)}`);
  }
  return body;
}
