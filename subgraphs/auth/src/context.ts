import type { ServiceContext } from "@homegraph/common";
import type DataLoader from "dataloader";
import type { User } from "./entities/user.entity.js";
import { createUserLoader } from "./services/user.service.js";

export interface AuthContext extends ServiceContext {
  loaders: { user: DataLoader<number, User | null> };
}

export function createContext(base: ServiceContext): AuthContext {
  return { ...base, loaders: { user: createUserLoader(base.em) } };
}
