import type { Express } from "express";
import { z } from "zod";
import { browserIdOf } from "./cookies.js";
import type { RestDeps } from "./deps.js";
import { forwardedHeaders } from "./forward.js";
import { parseInput, rest } from "./respond.js";
import { sendSession, type AuthPayload } from "./session.js";

const optionsBody = z.object({}).loose();

const loginBody = z.object({
  challengeId: z.string({ error: "challengeId must be a string." }).min(16).max(512),
  // What @simplewebauthn/browser's startAuthentication resolved to; auth checks every part of it.
  response: z
    .object(
      { id: z.string().max(2048), rawId: z.string().max(2048), type: z.literal("public-key") },
      {
        error: "response must be the passkey's answer.",
      },
    )
    .loose(),
});

/**
 * Signing in with a passkey from the sign-in page: the same session cookies as /auth/login. Both
 * calls go to auth's own REST routes for them, which skip GraphQL (a burst of sign-ins queues there).
 */
export function mountPasskeyRoutes(app: Express, deps: RestDeps): void {
  app.post(
    "/auth/passkey/options",
    rest(async (req, res) => {
      parseInput(optionsBody, req.body);
      const { challengeId, options, expiresAt } = await deps.auth.post<{
        challengeId: string;
        options: unknown;
        expiresAt: string;
      }>("/auth/passkey/options", {}, forwardedHeaders(req));
      res.status(200).set("cache-control", "no-store").json({ challengeId, options, expiresAt });
    }),
  );

  app.post(
    "/auth/passkey/login",
    rest(async (req, res) => {
      const { challengeId, response } = parseInput(loginBody, req.body);
      const browserId = browserIdOf(req);
      const headers = { ...forwardedHeaders(req), "x-homegraph-browser": browserId };
      const payload = await deps.auth.post<AuthPayload>("/auth/passkey/login", { challengeId, response }, headers);
      sendSession(deps, req, res, payload, browserId);
    }),
  );
}
