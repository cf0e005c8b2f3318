import type { ServiceContext } from "@homegraph/common";
import type DataLoader from "dataloader";
import type { Device } from "./entities/device.entity.js";
import { createChangedDevicesLoader } from "./services/device.service.js";

export interface HomeContext extends ServiceContext {
  loaders: { changedDevices: DataLoader<number, Device[]> };
}

export function createContext(base: ServiceContext): HomeContext {
  return { ...base, loaders: { changedDevices: createChangedDevicesLoader(base.em) } };
}
