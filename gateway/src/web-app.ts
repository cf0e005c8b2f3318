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

function ownedByServer(pathname: string): boolean {
  return SERVER_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * Serves the built web app (web/dist) at `/`: hashed assets cached for a year, index.html never
 * cached (it names the current assets), and any other page path answered with index.html so the
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
  app.use(express.static(options.dir, { index: false, maxAge: "1h", dotfiles: "ignore" }));
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
