import type { CommandSpec } from "../capabilities.js";
import { CommandError } from "../hub-event.js";
import type { VirtualDevice } from "./virtual-device.js";

/** Keeps the arguments a driver would accept: the first is required, the rest optional (setLevel's duration). */
export function checkArgs(device: VirtualDevice, spec: CommandSpec, args: string[]): void {
  const required = spec.name === "setCode" ? 2 : Math.min(1, spec.argTypes.length);
  if (args.length < required || args.length > spec.argTypes.length) {
    const expected =
      spec.argTypes.length === 0
        ? "no arguments"
        : `${required === spec.argTypes.length ? required : `${required} to ${spec.argTypes.length}`} argument(s) (${spec.argTypes.join(", ")})`;
    throw new CommandError(400, `${spec.name} takes ${expected}; got ${args.length}`);
  }
  args.forEach((arg, i) => {
    const type = spec.argTypes[i];
    if (type === "NUMBER" && (arg.trim() === "" || !Number.isFinite(Number(arg)))) {
      throw new CommandError(400, `${spec.name}: argument ${i + 1} must be a number, got ${JSON.stringify(arg)}`);
    }
    if (type === "COLOR_MAP") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(arg);
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new CommandError(
          400,
          `${spec.name}: argument ${i + 1} must be a JSON map like {"hue":88,"saturation":50}`,
        );
      }
    }
  });
  void device;
}

export const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
export const round1 = (n: number) => Math.round(n * 10) / 10;
