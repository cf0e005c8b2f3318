import type { Hub } from "../hub.js";
import type { VirtualDevice } from "./virtual-device.js";

/** Reports `opening`/`closing` at once and the position only once the shade gets there. */
export function moveShade(hub: Hub, device: VirtualDevice, target: number): void {
  if (device.travel) clearTimeout(device.travel.timer);
  device.travel = undefined;
  const from = device.number("position");
  if (target === from) return settleShade(hub, device, target);
  hub.set(device, "windowShade", target > from ? "opening" : "closing", "digital");
  const travelMs = hub.shadeTravelMs;
  if (travelMs <= 0) return settleShade(hub, device, target);
  const timer = setTimeout(() => {
    device.travel = undefined;
    settleShade(hub, device, target);
  }, travelMs);
  timer.unref();
  device.travel = { target, timer };
}

/** A shade stopped on its way settles halfway. */
export function stopShade(hub: Hub, device: VirtualDevice): void {
  if (!device.travel) return;
  clearTimeout(device.travel.timer);
  const halfway = Math.round((device.number("position") + device.travel.target) / 2);
  device.travel = undefined;
  settleShade(hub, device, halfway);
}

function settleShade(hub: Hub, device: VirtualDevice, position: number): void {
  hub.set(device, "position", position, "digital");
  hub.set(device, "windowShade", position >= 100 ? "open" : position <= 0 ? "closed" : "partially open", "digital");
}
