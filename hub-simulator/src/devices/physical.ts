import { CommandError } from "../hub-event.js";
import type { Hub } from "../hub.js";

/** A change made in the room rather than through the API: refused when the device could not report it. */
export function physicalChange(hub: Hub, deviceId: string, attribute: string, value: string | number): void {
  const device = hub.devices.get(deviceId);
  if (!device) throw new CommandError(404, `No device ${deviceId}`);
  const spec = device.attribute(attribute);
  if (!spec) throw new CommandError(400, `${device.label} has no attribute ${attribute}`);
  if (spec.dataType === "NUMBER" && !Number.isFinite(Number(value))) {
    throw new CommandError(400, `${attribute} takes a number`);
  }
  if (spec.values && !spec.values.includes(String(value))) {
    throw new CommandError(400, `${attribute} takes one of ${spec.values.join(", ")}`);
  }
  hub.set(device, attribute, value, "physical", { force: attribute === "pushed" || attribute === "held" });
  if (device.has("Thermostat")) hub.updateThermostat(device);
}
