import cookieParser from "cookie-parser";
import type { Express } from "express";
import { mountApiTokenRoute } from "./api-tokens.js";
import { mountAuthProxy } from "./auth-proxy.js";
import type { RestDeps } from "./deps.js";
import { mountEmailRoutes } from "./emails.js";
import { mountGuestPassRoutes } from "./guest-pass.js";
import { mountPasskeyRoutes } from "./passkey.js";
import { mountProfileRoutes } from "./profile.js";
import { mountSessionRoutes } from "./session.js";
import { mountSystemHealthRoute } from "./system-health.js";
import { mountVerifyRoute } from "./verify.js";

export type { RestDeps } from "./deps.js";

/** The seed's REST calls and auth's public endpoints, all answered by the gateway. */
export function mountRest(app: Express, deps: RestDeps): void {
  app.use("/auth", cookieParser());
  mountAuthProxy(app, deps);
  mountSessionRoutes(app, deps);
  mountApiTokenRoute(app, deps.apiTokens);
  mountPasskeyRoutes(app, deps);
  mountGuestPassRoutes(app, deps);
  mountVerifyRoute(app, deps);
  mountProfileRoutes(app, deps);
  mountSystemHealthRoute(app, deps);
  mountEmailRoutes(app, deps);
}
