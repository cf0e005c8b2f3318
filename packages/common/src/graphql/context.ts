import type { EntityManager } from "@mikro-orm/postgresql";
import type { Logger } from "pino";

/** What every resolver of every subgraph can rely on. */
export interface ServiceContext {
  /** A fork of the service's EntityManager, for this request only. */
  em: EntityManager;
  requestId: string;
  logger: Logger;
}
