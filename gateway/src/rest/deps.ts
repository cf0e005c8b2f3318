import type { HealthReport, IdentityVerifier, Logger } from "@homegraph/common";
import type { ApiTokenExchanger } from "./api-tokens.js";
import type { AuthClient } from "./auth-client.js";

export interface RestDeps {
  auth: AuthClient;
  apiTokens: ApiTokenExchanger;
  verifier: IdentityVerifier;
  /** Base URL of the auth service, for the paths proxied to it. */
  authUrl: string;
  /** Base URL of the email service, for `/api/emails/send` and unsubscribe links (EMAIL_URL). */
  emailUrl?: string;
  publicUrl: string;
  /** The refresh cookie's Secure flag. */
  secureCookies: boolean;
  timeoutMs: number;
  health: () => Promise<HealthReport>;
  /** BACKUP_DIR: where backup-status.json says how the last backup went. */
  backupDir: string;
  logger: Logger;
}
