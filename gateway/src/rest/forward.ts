import type { Request } from "express";

/**
 * Headers a call on the caller's behalf carries to a subgraph: the request id for the logs, and
 * the client's user agent and address (as resolved through TRUST_PROXY) for auth's audit log and
 * rate limits. The token goes along only where the call acts as the caller.
 */
export function forwardedHeaders(req: Request, withToken = false): Record<string, string> {
  const headers: Record<string, string> = { "x-request-id": req.requestId };
  const userAgent = req.headers["user-agent"];
  if (userAgent) headers["user-agent"] = userAgent;
  if (req.ip) headers["x-forwarded-for"] = req.ip;
  if (withToken && req.headers.authorization) headers.authorization = req.headers.authorization;
  return headers;
}
