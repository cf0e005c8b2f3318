export interface GatewayContext {
  requestId: string;
  /** The caller's Authorization header, forwarded unchanged to each subgraph. */
  authorization?: string;
}
