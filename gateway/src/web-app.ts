import { existsSync } from "node:fs";
import path from "node:path";
import type { Logger } from "@homegraph/common";
import express, { type Express } from "express";

/** Paths the server owns: the app's fallback page never answers for them, even when they 404. */
export const SERVER_PATHS = [
  "/graphql",
  "/auth",
  "/api",
  "/users",
  "/system",
  "/health",
  "/.well-known",
  "/unsubscribe",
];

/** Files at the top of the build that must never be cached (see mountWebApp). */
const ALWAYS_FRESH = new Set(["sw.js", "manifest.webmanifest", "index.html"]);

function ownedByServer(pathname: string): boolean {
  return SERVER_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * Serves the built web app (web/dist) at `/`: hashed assets cached for a year, index.html, the
 * service worker and the manifest never cached (they name the current assets), and any other page path answered with index.html so the
 * app's router can show it. Without a build, says how to make one.
 */
export function mountWebApp(app: Express, options: { dir: string; logger: Logger }): void {
  const index = path.join(options.dir, "index.html");
  if (!existsSync(index)) {
    options.logger.warn({ dir: options.dir }, "web app not built (npm run build -w web): / serves a notice");
  }
  app.use(
    "/assets",
    express.static(path.join(options.dir, "assets"), {
      immutable: true,
      maxAge: "365d",
      index: false,
      fallthrough: false,
    }),
  );
  app.use(
    express.static(options.dir, {
      index: false,
      maxAge: "1h",
      dotfiles: "ignore",
      // The service worker and the manifest name the current build: asked anew on every visit.
      setHeaders: (res, file) => {
        if (ALWAYS_FRESH.has(path.basename(file))) res.setHeader("cache-control", "no-cache");
      },
    }),
  );
  app.use((req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || ownedByServer(req.path)) return next();
    // Only a browser asking for a page gets the app; API clients get the plain 404 below.
    if (!req.accepts("html")) return next();
    if (!existsSync(index)) {
      res
        .status(503)
        .type("text/plain")
        .send("The Homegraph web app is not built yet: run `npm run build` (npm start does it by itself).");
      return;
    }
    res.set("cache-control", "no-cache");
    res.sendFile(index);
  });
}
