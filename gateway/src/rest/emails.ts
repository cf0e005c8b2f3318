import { ErrorCode, sendError } from "@homegraph/common";
import type { Express, Request, Response } from "express";
import type { RestDeps } from "./deps.js";
import { forwardedHeaders } from "./forward.js";
import { requireIdentity } from "./session.js";
import { rest } from "./respond.js";

const UNAVAILABLE = "The email service is unavailable right now. Please try again shortly.";

/**
 * The email service's public calls, answered at the gateway: the seed's `POST /api/emails/send`
 * (the caller's token forwarded unchanged; the email service decides who may send) and the
 * unsubscribe links, which point at PUBLIC_URL, the gateway.
 */
export function mountEmailRoutes(app: Express, deps: RestDeps): void {
  const base = deps.emailUrl?.replace(/\/+$/, "");

  const relay = async (res: Response, upstream: globalThis.Response) => {
    res.status(upstream.status);
    for (const name of ["content-type", "cache-control", "retry-after"]) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    res.send(Buffer.from(await upstream.arrayBuffer()));
  };

  const call = async (req: Request, res: Response, path: string, init: RequestInit) => {
    if (!base) return sendError(res, ErrorCode.UNAVAILABLE, UNAVAILABLE);
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(deps.timeoutMs) });
    } catch (err) {
      deps.logger.warn({ path: req.path, err: (err as Error).message }, "email service unreachable");
      return sendError(res, ErrorCode.UNAVAILABLE, UNAVAILABLE);
    }
    await relay(res, upstream);
  };

  app.post(
    "/api/emails/send",
    rest(async (req, res) => {
      // Refused here already when the token is bad, so a forged one never reaches the email service.
      await requireIdentity(deps, req);
      const idempotencyKey = req.headers["idempotency-key"];
      await call(req, res, "/send", {
        method: "POST",
        headers: {
          ...forwardedHeaders(req, true),
          accept: "application/json",
          "content-type": "application/json",
          ...(typeof idempotencyKey === "string" ? { "idempotency-key": idempotencyKey } : {}),
        },
        body: JSON.stringify(req.body ?? {}),
      });
    }),
  );

  const unsubscribePath = (req: Request) => `/unsubscribe/${encodeURIComponent(String(req.params.token))}`;
  app.get("/unsubscribe/:token", (req, res) =>
    call(req, res, unsubscribePath(req), { headers: { "x-request-id": req.requestId, accept: "text/html" } }),
  );
  // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click`; the token in the path is all that counts.
  app.post("/unsubscribe/:token", (req, res) =>
    call(req, res, unsubscribePath(req), {
      method: "POST",
      headers: {
        "x-request-id": req.requestId,
        accept: "text/html",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "List-Unsubscribe=One-Click",
    }),
  );
}
