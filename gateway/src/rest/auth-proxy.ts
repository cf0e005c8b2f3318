import { Readable } from "node:stream";
import { ErrorCode, sendError } from "@homegraph/common";
import type { Express, Request, Response } from "express";
import type { RestDeps } from "./deps.js";

const UNAVAILABLE = "The sign-in service is unavailable right now. Please try again shortly.";

/**
 * Auth's public, non-secret endpoints served by the gateway too, so other home services need
 * only the gateway's address: the JWKS, the revocation list, and the revocation stream.
 */
export function mountAuthProxy(app: Express, deps: RestDeps): void {
  const base = deps.authUrl.replace(/\/$/, "");

  const passJson = (path: string) => async (req: Request, res: Response) => {
    try {
      const upstream = await fetch(`${base}${path}`, {
        headers: { accept: "application/json", "x-request-id": req.requestId },
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      res.status(upstream.status);
      for (const name of ["content-type", "cache-control", "etag", "last-modified"]) {
        const value = upstream.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      res.send(Buffer.from(await upstream.arrayBuffer()));
    } catch (err) {
      deps.logger.warn({ path, err: (err as Error).message }, "auth service unreachable for a proxied path");
      sendError(res, ErrorCode.UNAVAILABLE, UNAVAILABLE);
    }
  };
  app.get("/.well-known/jwks.json", passJson("/.well-known/jwks.json"));
  app.get("/auth/revocations", passJson("/auth/revocations"));

  app.get("/auth/revocations/stream", async (req, res) => {
    const abort = new AbortController();
    // The client leaving ends the upstream stream too, so no connection to auth is left behind.
    res.on("close", () => abort.abort());
    let upstream: globalThis.Response;
    try {
      const connectTimer = setTimeout(() => abort.abort(), deps.timeoutMs);
      upstream = await fetch(`${base}/auth/revocations/stream`, {
        headers: { accept: "text/event-stream", "x-request-id": req.requestId },
        signal: abort.signal,
      });
      clearTimeout(connectTimer);
    } catch (err) {
      if (!res.writableEnded && !abort.signal.aborted) {
        deps.logger.warn({ err: (err as Error).message }, "auth service unreachable for the revocation stream");
      }
      if (!res.headersSent && !res.destroyed) sendError(res, ErrorCode.UNAVAILABLE, UNAVAILABLE);
      return;
    }
    if (!upstream.ok || !upstream.body) {
      sendError(res, ErrorCode.UNAVAILABLE, UNAVAILABLE);
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Tells nginx and friends in front of the gateway not to buffer the events either.
      "x-accel-buffering": "no",
    });
    res.flushHeaders();
    const body = Readable.fromWeb(upstream.body as import("node:stream/web").ReadableStream);
    body.on("error", () => res.end());
    body.pipe(res);
  });
}
