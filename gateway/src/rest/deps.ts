import type { HealthReport, IdentityVerifier, Logger } from "@homegraph/common";
import type { AuthClient } from "./auth-client.js";

export interface RestDeps {
  auth: AuthClient;
  verifier: IdentityVerifier;
  /** Base URL of the auth service, for the paths proxied to it. */
  authUrl: string;
  publicUrl: string;
  timeoutMs: number;
  health: () => Promise<HealthReport>;
  logger: Logger;
}
