import type { Identity } from "@homegraph/common";

export interface GatewayContext {
  requestId: string;
  /** The caller's Authorization header, forwarded unchanged to each subgraph once verified. */
  authorization?: string;
  identity?: Identity;
  /** The client's own user agent and address, for the subgraphs' audit and rate limits. */
  userAgent?: string;
  clientIp?: string;
}
