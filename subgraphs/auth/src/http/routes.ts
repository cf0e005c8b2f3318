import type { Express, Request, Response } from "express";
import type { AuthRuntime } from "../runtime.js";
import { mountDirectoryRoute } from "./directory.route.js";
import { mountPasskeySignInRoute } from "./passkey-sign-in.route.js";
import { mountServiceTokenRoute } from "./service-token.route.js";

const PING_MS = 15_000;

/** `TRUST_PROXY` as express understands it: true/false, a hop count, or names and CIDRs. */
export function parseTrustProxy(value: string): boolean | number | string {
  if (value === "true" || value === "false") return value === "true";
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export interface AuthRoutes {
  mount: (app: Express) => void;
  /** Ends every open SSE stream, so a shutdown drains at once instead of waiting for them. */
  closeStreams: () => void;
}

/**
 * The published, token-free endpoints of docs/identity.md. The token check in front of /graphql is
 * common's (serveSubgraph's `verifier`, given the auth service's local verifier).
 */
export function authRoutes(
  runtime: Pick<AuthRuntime, "config" | "keys" | "revocations" | "orm" | "tokens" | "serviceSecret" | "passkeySignIn">,
): AuthRoutes {
  const streams = new Set<Response>();
  const mount = (app: Express) => {
    app.set("trust proxy", parseTrustProxy(runtime.config.auth.trustProxy));
    mountServiceTokenRoute(app, { tokens: runtime.tokens, secret: runtime.serviceSecret });
    mountDirectoryRoute(app, runtime);
    mountPasskeySignInRoute(app, runtime);
    mountKeyRoutes(app, runtime, streams);
  };
  return {
    mount,
    closeStreams: () => {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

/** The keys that verify tokens, and the revocations, as a list and as a stream. */
function mountKeyRoutes(app: Express, deps: Pick<AuthRuntime, "keys" | "revocations">, streams: Set<Response>): void {
  app.get("/.well-known/jwks.json", async (_req: Request, res: Response, next) => {
    try {
      res.set("cache-control", "public, max-age=300").json(await deps.keys.jwks());
    } catch (err) {
      next(err);
    }
  });

  app.get("/auth/revocations", (_req: Request, res: Response) => {
    res.set("cache-control", "no-store").json({ revoked: deps.revocations.list() });
  });

  app.get("/auth/revocations/stream", (req: Request, res: Response) => {
    res.status(200).set({
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.flushHeaders();
    res.write("retry: 2000\n: connected\n\n");
    const unsubscribe = deps.revocations.subscribe((entry) => {
      res.write(`event: revoked\ndata: ${JSON.stringify(entry)}\n\n`);
    });
    const ping = setInterval(() => res.write(": ping\n\n"), PING_MS);
    streams.add(res);
    req.on("close", () => {
      clearInterval(ping);
      unsubscribe();
      streams.delete(res);
    });
  });
}
