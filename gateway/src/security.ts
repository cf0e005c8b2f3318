import type { IncomingMessage } from "node:http";
import { ErrorCode, sendError, type LaneGuard, type Logger } from "@homegraph/common";
import type { Express, NextFunction, Request, Response } from "express";
import helmet from "helmet";
import type { GatewayConfig } from "./config.js";
import { apiTokenOf } from "./rest/api-tokens.js";

/** Where Apollo Sandbox (the development landing page at /graphql) loads itself from. */
const SANDBOX = {
  scripts: [
    "https://embeddable-sandbox.cdn.apollographql.com",
    "https://apollo-server-landing-page.cdn.apollographql.com",
  ],
  frames: ["https://sandbox.embed.apollographql.com"],
  assets: ["https://apollo-server-landing-page.cdn.apollographql.com"],
  styles: ["https://fonts.googleapis.com"],
  fonts: ["https://fonts.gstatic.com"],
};

/**
 * The Content-Security-Policy. In production only the web app at / (a Vite-built React SPA: its
 * own scripts, styles that component libraries inject at run time, images and fonts as data URLs,
 * GraphQL over HTTP and WebSocket to this origin) and nothing from elsewhere. With the landing
 * page on (development), Apollo Sandbox's CDN, frame and inline bootstrap script too.
 */
export function contentSecurityPolicy(landingPage: boolean): Record<string, string[]> {
  const sandbox = (list: string[]) => (landingPage ? list : []);
  return {
    "default-src": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "script-src": ["'self'", ...sandbox(["'unsafe-inline'", ...SANDBOX.scripts])],
    "style-src": ["'self'", "'unsafe-inline'", ...sandbox(SANDBOX.styles)],
    "img-src": ["'self'", "data:", "blob:", ...sandbox(SANDBOX.assets)],
    "font-src": ["'self'", "data:", ...sandbox(SANDBOX.fonts)],
    "connect-src": ["'self'", "ws:", "wss:", ...sandbox(SANDBOX.assets)],
    "frame-src": sandbox(SANDBOX.frames).length ? SANDBOX.frames : ["'none'"],
    "manifest-src": ["'self'", ...sandbox(SANDBOX.assets)],
    "worker-src": ["'self'", "blob:"],
  };
}

/**
 * Refuses a browser request sent from a page of another site. CORS alone only hides the answer
 * from such a page; the request would still run. Same-origin pages (the web app at /, whose
 * address the Host header gives), PUBLIC_URL and CORS_ORIGINS are allowed; requests with no
 * Origin (curl, services, mail clients) are not browser cross-site requests and pass.
 */
export function originGuard(allowed: string[], publicUrl: string, logger: Logger) {
  const allows = originAllowed(allowed, publicUrl);
  return (req: Request, res: Response, next: NextFunction) => {
    if (allows(req)) return next();
    const origin = req.headers.origin;
    logger.warn({ origin, path: req.path }, "refused a request from a foreign origin");
    sendError(res, ErrorCode.FORBIDDEN, "Requests from this origin are not allowed.", { reason: "ORIGIN_NOT_ALLOWED" });
  };
}

/** Whether a request's Origin may call the gateway (see originGuard). */
export function originAllowed(allowed: string[], publicUrl: string): (req: IncomingMessage) => boolean {
  const origins = new Set([...allowed, new URL(publicUrl).origin]);
  return (req) => {
    const origin = req.headers.origin;
    if (!origin || origins.has(origin)) return true;
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    return Boolean(host && host === req.headers.host);
  };
}

/** The gateway's security headers (helmet), for Express and the GraphQL lane alike. */
export function securityHeaders(config: GatewayConfig) {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config.landingPage) },
    strictTransportSecurity: config.https.hstsMaxAgeSeconds
      ? { maxAge: config.https.hstsMaxAgeSeconds, includeSubDomains: true }
      : false,
    // The Sandbox frame and the SPA's own assets are same-site; nothing cross-origin is embedded.
    crossOriginEmbedderPolicy: false,
  });
}

/** Security headers and the origin check, mounted before every route of the gateway. */
export function mountSecurity(
  app: Express,
  headers: ReturnType<typeof securityHeaders>,
  config: GatewayConfig,
  logger: Logger,
): void {
  app.use(headers);
  app.use(originGuard(config.corsOrigins, config.publicUrl, logger));
}

/**
 * What the gateway's middleware does to `POST /graphql`, for the lane (common's graphql-lane.ts):
 * a request from a foreign origin (refused) or with an API token (exchanged) goes through Express;
 * every other gets the same security headers.
 */
export function gatewayLaneGuard(headers: ReturnType<typeof securityHeaders>, config: GatewayConfig): LaneGuard {
  const allows = originAllowed(config.corsOrigins, config.publicUrl);
  return {
    accepts: (req) => allows(req) && apiTokenOf(req.headers.authorization) === undefined,
    // helmet only sets and removes headers, synchronously, before calling on.
    headers: (req, res) => headers(req, res, () => undefined),
  };
}
