import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLogger } from "@homegraph/common";
import express from "express";
import { mountWebApp, SERVER_PATHS } from "./web-app";

// The web app's build served at / by the same middleware the gateway mounts, in front of routes
// that stand for the gateway's own: the app must never answer for those.

let dir: string;
let base: string;
let close: () => void;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "homegraph-web-dist-"));
  mkdirSync(path.join(dir, "assets"));
  writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>Homegraph</title>");
  writeFileSync(path.join(dir, "assets", "index-AbC123.js"), "console.log(1)");
  writeFileSync(path.join(dir, "sw.js"), "self.addEventListener('push', () => {})");
  writeFileSync(path.join(dir, "manifest.webmanifest"), JSON.stringify({ name: "Homegraph" }));
  const app = express();
  app.get("/health", (_req, res) => void res.json({ status: "ok" }));
  mountWebApp(app, { dir, logger: createLogger("gateway", "silent") });
  // What the gateway mounts after the app: GraphQL, and the 404 every unknown server path gets.
  app.get("/graphql", (_req, res) => void res.type("text/html").send("sandbox"));
  app.use((_req, res) => void res.status(404).json({ error: { code: "NOT_FOUND" } }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});

afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

const html = { accept: "text/html,application/xhtml+xml" };

describe("the web app at /", () => {
  it("serves index.html uncached at / and at any page path", async () => {
    for (const page of ["/", "/devices/12", "/profile/sessions", "/signin?next=%2F"]) {
      const res = await fetch(base + page, { headers: html });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(await res.text()).toContain("<title>Homegraph</title>");
    }
  });

  it("caches hashed assets for a year and 404s a missing one instead of answering with the page", async () => {
    const res = await fetch(`${base}/assets/index-AbC123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const missing = await fetch(`${base}/assets/nope-123.js`, { headers: html });
    expect(missing.status).toBe(404);
  });

  it("serves the service worker and the manifest uncached, the manifest as a web app manifest", async () => {
    const sw = await fetch(`${base}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get("content-type")).toMatch(/javascript/);
    expect(sw.headers.get("cache-control")).toBe("no-cache");
    const manifest = await fetch(`${base}/manifest.webmanifest`);
    expect(manifest.headers.get("content-type")).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers.get("cache-control")).toBe("no-cache");
    expect(((await manifest.json()) as { name: string }).name).toBe("Homegraph");
  });

  it("never shadows the server's paths, even for a browser asking for HTML", async () => {
    expect(await (await fetch(`${base}/graphql`, { headers: html })).text()).toBe("sandbox");
    expect(((await (await fetch(`${base}/health`, { headers: html })).json()) as { status: string }).status).toBe("ok");
    for (const prefix of SERVER_PATHS) {
      const res = await fetch(`${base}${prefix}/unknown-path`, { headers: html });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/json/);
    }
  });

  it("answers API clients and other methods with the server's 404, not the page", async () => {
    const json = await fetch(`${base}/devices/12`, { headers: { accept: "application/json" } });
    expect(json.status).toBe(404);
    const post = await fetch(`${base}/devices/12`, { method: "POST", headers: html });
    expect(post.status).toBe(404);
  });

  it("says how to build the app when there is no build", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "homegraph-web-none-"));
    const app = express();
    mountWebApp(app, { dir: empty, logger: createLogger("gateway", "silent") });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers: html });
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/npm run build/);
    } finally {
      server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
