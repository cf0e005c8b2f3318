import type { ContextRequest, ServiceContext } from "@homegraph/common";
import type DataLoader from "dataloader";
import type { User } from "./entities/user.entity.js";
import type { AuthRuntime } from "./runtime.js";
import type { RequestMeta } from "./services/audit.service.js";
import { createUserLoader } from "./services/user.service.js";

/**
 * `identity` (from ServiceContext) is the caller verified by common's middleware with this
 * service's local verifier; it is never taken from a plain header.
 */
export interface AuthContext extends ServiceContext {
  /** The client's address (through TRUST_PROXY) and user agent, for sessions and the audit log. */
  meta: RequestMeta;
  loaders: { user: DataLoader<number, User | null> };
  runtime: AuthRuntime;
  /** Set by a mutation that just signed someone in, so its payload may show them their own email. */
  signedInUserId?: number;
}

function browserIdOf(header: string | string[] | undefined): string | undefined {
  return typeof header === "string" && /^[A-Za-z0-9_-]{16,128}$/.test(header) ? header : undefined;
}

/** Where a request came from, for GraphQL and auth's own routes alike. */
export function requestMeta(req: ContextRequest): RequestMeta {
  return {
    ip: req.ip,
    userAgent: req.headers["user-agent"],
    browserId: browserIdOf(req.headers["x-homegraph-browser"]),
    // Read when needed rather than listened for: keep-alive sockets outlive the request.
    gone: () => req.socket.destroyed,
  };
}

export function createContext(base: ServiceContext, req: ContextRequest, runtime: AuthRuntime): AuthContext {
  return {
    ...base,
    meta: requestMeta(req),
    loaders: { user: createUserLoader(base.em) },
    runtime,
  };
}
