import type { EntityManager } from "@mikro-orm/postgresql";
import type { Logger } from "pino";
import type { Identity } from "../auth/identity.js";

/** What every resolver of every subgraph can rely on. */
export interface ServiceContext {
  /** A fork of the service's EntityManager, for this request only. */
  em: EntityManager;
  requestId: string;
  logger: Logger;
  /** The verified caller; absent for anonymous requests. Never derived from a plain header. */
  identity?: Identity;
}
