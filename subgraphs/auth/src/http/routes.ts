import type { Orm } from "@homegraph/common";
import type { Express, Request, Response } from "express";
import type { TokenService } from "../services/token.service.js";
import { mountDirectoryRoute } from "./directory.route.js";
import { mountServiceTokenRoute } from "./service-token.route.js";
import type { KeyStore } from "../services/key-store.js";
import type { RevocationHub } from "../services/revocations.js";

const PING_MS = 15_000;

/** `TRUST_PROXY` as express understands it: true/false, a hop count, or names and CIDRs. */
export function parseTrustProxy(value: string): boolean | number | string {
  if (value === "true" || value === "false") return value === "true";
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export interface AuthRoutes {
  /** Ends every open SSE stream, so a shutdown drains at once instead of waiting for them. */
  closeStreams: () => void;
}

/**
 * The published, token-free endpoints of docs/identity.md. The token check in front of /graphql is
 * common's (startSubgraph's `verifier`, given the auth service's local verifier).
 */
export function mountAuthRoutes(
  app: Express,
  deps: {
    keys: KeyStore;
    revocations: RevocationHub;
    trustProxy: string;
    orm: Orm;
    tokens: TokenService;
    serviceSecret?: string;
  },
): AuthRoutes {
  app.set("trust proxy", parseTrustProxy(deps.trustProxy));
  mountServiceTokenRoute(app, { tokens: deps.tokens, secret: deps.serviceSecret });
  mountDirectoryRoute(app, deps);
  const streams = new Set<Response>();

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

  return {
    closeStreams: () => {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
