// Trusted documents: in production the gateway runs the web app's own operations (persisted at
// build time) and, in `enforce` mode, refuses any other from anyone but an admin (Apollo Sandbox,
// scripts). `log` mode only logs and counts what enforce would refuse, to try it first.
import type { ApolloServerPlugin } from "@apollo/server";
import { AppError, ErrorCode, type Identity, type Logger, type ServiceMetrics } from "@homegraph/common";
import type { DocumentNode } from "graphql";
import { canonicalHash, type TrustedManifest } from "./manifest.js";

export type TrustedDocumentsMode = "off" | "log" | "enforce";

export interface TrustedDocumentsOptions {
  mode: TrustedDocumentsMode;
  manifest: TrustedManifest;
  /** Admins may send any operation (Sandbox, introspection). */
  allowAdmins: boolean;
  logger: Logger;
  metrics: ServiceMetrics;
}

/** Distinct unknown operations logged per process; past it they are only counted. */
const MAX_LOGGED = 1_000;

export class OperationNotTrustedError extends AppError {
  constructor() {
    super(ErrorCode.OPERATION_NOT_TRUSTED, "This Homegraph only runs its own app's operations.", {
      http: { status: 403 },
    });
  }
}

export interface TrustedDocumentsCheck {
  /** Throws OperationNotTrustedError when the document must be refused; logs and counts otherwise. */
  check(document: DocumentNode, operationName: string | null | undefined, identity: Identity | undefined): void;
}

/** The check shared by HTTP (the plugin below) and subscriptions over WebSocket. */
export function trustedDocumentsCheck(options: TrustedDocumentsOptions): TrustedDocumentsCheck {
  const unknown = options.metrics.counter({
    name: "homegraph_unknown_operations_total",
    help: "Operations that are not the web app's persisted ones and not an allowed admin's, by TRUSTED_DOCUMENTS mode (log: let through, enforce: refused).",
    labelNames: ["mode"],
  });
  const logged = new Set<string>();
  return {
    check(document, operationName, identity) {
      if (options.mode === "off") return;
      if (options.allowAdmins && identity?.role === "ADMIN") return;
      if (options.manifest.has(document)) return;
      unknown.inc({ mode: options.mode });
      const hash = canonicalHash(document);
      if (!logged.has(hash) && logged.size < MAX_LOGGED) {
        logged.add(hash);
        // Never the variables: they may hold passwords and codes.
        options.logger.warn(
          { operationName: operationName ?? null, hash, userId: identity?.userId ?? null, mode: options.mode },
          options.mode === "enforce"
            ? "Refused an operation that is not trusted"
            : "Operation is not trusted (log mode: allowed)",
        );
      }
      if (options.mode === "enforce") throw new OperationNotTrustedError();
    },
  };
}

export function trustedDocumentsPlugin<TContext extends { identity?: Identity }>(
  check: TrustedDocumentsCheck,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, contextValue }) {
          check.check(document, operationName, contextValue.identity);
        },
      };
    },
  };
}
