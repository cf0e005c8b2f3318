import { ErrorCode, sendError, type Logger } from "@homegraph/common";
import type { Express, NextFunction, Request, Response } from "express";
import helmet from "helmet";
import type { GatewayConfig } from "./config.js";

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
  const origins = new Set([...allowed, new URL(publicUrl).origin]);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (!origin || origins.has(origin)) return next();
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host && host === req.headers.host) return next();
    logger.warn({ origin, path: req.path }, "refused a request from a foreign origin");
    sendError(res, ErrorCode.FORBIDDEN, "Requests from this origin are not allowed.", { reason: "ORIGIN_NOT_ALLOWED" });
  };
}

/** Security headers and the origin check, mounted before every route of the gateway. */
export function mountSecurity(app: Express, config: GatewayConfig, logger: Logger): void {
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config.landingPage) },
      strictTransportSecurity: config.https.hstsMaxAgeSeconds
        ? { maxAge: config.https.hstsMaxAgeSeconds, includeSubDomains: true }
        : false,
      // The Sandbox frame and the SPA's own assets are same-site; nothing cross-origin is embedded.
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(originGuard(config.corsOrigins, config.publicUrl, logger));
}
