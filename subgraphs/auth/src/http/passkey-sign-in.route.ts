import { BadUserInputError, type Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Express } from "express";
import { requestMeta } from "../context.js";
import type { PasskeySignInService } from "../services/passkey-sign-in.service.js";

/**
 * The gateway's REST pair for signing in with a passkey, as the mutations `beginPasskeySignIn` and
 * `finishPasskeySignIn` (anonymous too) without GraphQL's parse, validation and execution: twenty
 * people arrive together, and every millisecond of auth's one thread is queued. Errors are
 * `{error: {code, message}}` with the code's HTTP status.
 *
 * `POST /auth/passkey/options` `{}` → `{challengeId, options, expiresAt}` (`options` for
 * @simplewebauthn/browser); `POST /auth/passkey/login` `{challengeId, response}` →
 * `{accessToken, refreshToken, expiresAt, user}`.
 */
export function mountPasskeySignInRoute(app: Express, deps: { orm: Orm; passkeySignIn: PasskeySignInService }): void {
  app.post("/auth/passkey/options", async (req, res) => {
    const em = deps.orm.em.fork() as EntityManager;
    const { challengeId, optionsJSON, expiresAt } = await deps.passkeySignIn.beginSignIn(em, requestMeta(req));
    res
      .status(200)
      .set("cache-control", "no-store")
      .json({ challengeId, options: JSON.parse(optionsJSON) as unknown, expiresAt: expiresAt.toISOString() });
  });

  app.post("/auth/passkey/login", async (req, res) => {
    const { challengeId, response } = (req.body ?? {}) as { challengeId?: unknown; response?: unknown };
    if (typeof challengeId !== "string") throw new BadUserInputError("challengeId must be a string.", "challengeId");
    if (response === undefined || response === null) {
      throw new BadUserInputError("response must be the passkey's answer.", "response");
    }
    const json = typeof response === "string" ? response : JSON.stringify(response);
    const em = deps.orm.em.fork() as EntityManager;
    const { accessToken, refreshToken, expiresAt, user } = await deps.passkeySignIn.finishSignIn(
      em,
      challengeId,
      json,
      requestMeta(req),
    );
    res
      .status(200)
      .set("cache-control", "no-store")
      .json({
        accessToken,
        refreshToken,
        expiresAt: expiresAt.toISOString(),
        // Their own email: the person just proved who they are (as the mutation shows it).
        user: { id: String(user.id), email: user.email, displayName: user.displayName, role: user.role },
      });
  });
}
