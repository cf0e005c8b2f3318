import type { Logger } from "../logging/logger.js";
import type { IdentityVerifier } from "./identity.js";
import { createRemoteKeySource, type RemoteKeySource } from "./keys.js";
import {
  connectRevocationStream,
  createRevocationSet,
  type RevocationSet,
  type RevocationStream,
  type RevocationStreamOptions,
} from "./revocations.js";
import { createIdentityVerifier } from "./verifier.js";

export interface RemoteIdentityVerifierOptions {
  authUrl: string;
  issuer: string;
  audience: string;
  logger: Logger;
  stream?: RevocationStreamOptions;
  /** Longest `start()` waits for auth before the service goes on without it. */
  startTimeoutMs?: number;
}

export interface RemoteIdentityVerifier extends IdentityVerifier {
  keys: RemoteKeySource;
  revocations: RevocationSet;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The verifier of every service but auth: keys from auth's JWKS, revocations pushed by auth's
 * stream. Starting never fails: a service may come up before auth does, and catches up by itself.
 */
export function createRemoteIdentityVerifier(options: RemoteIdentityVerifierOptions): RemoteIdentityVerifier {
  const logger = options.logger.child({ component: "identity" });
  const keys = createRemoteKeySource(options.authUrl, { logger });
  const revocations = createRevocationSet();
  const verifier = createIdentityVerifier({ keys, revocations, issuer: options.issuer, audience: options.audience });
  let stream: RevocationStream | undefined;
  return {
    ...verifier,
    keys,
    revocations,
    async start() {
      stream ??= connectRevocationStream(options.authUrl, revocations, logger, options.stream);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, options.startTimeoutMs ?? 3000).unref());
      await Promise.race([Promise.all([keys.refresh(), stream.firstAttempt]), timeout]);
    },
    async stop() {
      await stream?.stop();
      stream = undefined;
    },
  };
}
