import type { Express } from "express";
import { z } from "zod";
import { browserIdOf } from "./cookies.js";
import type { RestDeps } from "./deps.js";
import { forwardedHeaders } from "./forward.js";
import { parseInput, rest } from "./respond.js";
import { PAYLOAD, sendSession, type AuthPayload } from "./session.js";

const REDEEM = `mutation RedeemGuestPass($token: String!) { redeemGuestPass(token: $token) { ${PAYLOAD} } }`;

const redeemBody = z.object({
  token: z.string({ error: "token must be the secret of the pass's link." }).trim().min(1).max(256),
});

/**
 * A guest pass's link (`PUBLIC_URL/pass/<token>`, opened in the web app) exchanged for a session
 * of its guest: the same answer and cookies as /auth/login. Refusals: 401 UNAUTHENTICATED (unknown
 * link), 403 PASS_NOT_YET with `validFrom`, 410 PASS_ENDED with `endedAt`, 429 after too many
 * unknown links from the address.
 */
export function mountGuestPassRoutes(app: Express, deps: RestDeps): void {
  app.post(
    "/auth/pass/redeem",
    rest(async (req, res) => {
      const { token } = parseInput(redeemBody, req.body);
      const browserId = browserIdOf(req);
      const headers = { ...forwardedHeaders(req), "x-homegraph-browser": browserId };
      const data = await deps.auth.execute<{ redeemGuestPass: AuthPayload }>(REDEEM, { token }, headers);
      sendSession(deps, req, res, data.redeemGuestPass, browserId);
    }),
  );
}
