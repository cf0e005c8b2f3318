import { Device } from "./device.entity.js";

export { Device };
export const entities = [Device];
