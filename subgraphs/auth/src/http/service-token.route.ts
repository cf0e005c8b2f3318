import { BadUserInputError, serviceSecretMatches, UnauthenticatedError, SERVICE_TOKEN_PATH } from "@homegraph/common";
import type { Express } from "express";
import type { TokenService } from "../services/token.service.js";

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * `POST /internal/service-token` `{service}` with `Authorization: Service <SERVICE_SECRET>`: a
 * five-minute service token (`sub: "service:<name>"`, role SERVICE) for another Homegraph service's
 * calls. "auth" is refused: only this process speaks as auth, and it mints its own tokens.
 */
export function mountServiceTokenRoute(app: Express, deps: { tokens: TokenService; secret?: string }): void {
  app.post(SERVICE_TOKEN_PATH, async (req, res) => {
    const presented = /^Service +(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!serviceSecretMatches(presented, deps.secret)) {
      throw new UnauthenticatedError("Send the shared service secret as 'Authorization: Service <SERVICE_SECRET>'.");
    }
    const service = (req.body as { service?: unknown } | undefined)?.service;
    if (typeof service !== "string" || !SERVICE_NAME.test(service) || service === "auth") {
      throw new BadUserInputError("service must be the calling service's name (lowercase, not auth).", "service");
    }
    const { token, expiresAt } = await deps.tokens.signServiceToken(service);
    res.status(200).set("cache-control", "no-store").json({ token, expiresAt: expiresAt.toISOString() });
  });
}
