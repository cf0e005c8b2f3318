import type { ServiceContext } from "@homegraph/common";
import type DataLoader from "dataloader";
import { createSentCountLoader } from "./services/email-log.service.js";

export interface EmailContext extends ServiceContext {
  loaders: { sentCount: DataLoader<number, number> };
}

export function createContext(base: ServiceContext): EmailContext {
  return { ...base, loaders: { sentCount: createSentCountLoader(base.em) } };
}
