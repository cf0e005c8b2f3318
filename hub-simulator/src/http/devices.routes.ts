import {
  deviceCapabilities,
  deviceCommands,
  deviceDetails,
  deviceEvents,
  deviceFull,
  deviceSummary,
} from "../format.js";
import { CommandError } from "../hub-event.js";
import type { Hub } from "../hub.js";
import type { MakerApiHandler } from "./maker-api.routes.js";
import { html, json } from "./respond.js";
import type { RouteTable } from "./router.js";

/** `/devices...`: the device lists and details, and commands with their comma-separated arguments. */
export function deviceRoutes(hub: Hub): RouteTable<MakerApiHandler> {
  const device = (id: string) => {
    const found = hub.devices.get(decodeURIComponent(id));
    if (!found) throw new CommandError(404, `Device ${id} not found`);
    return found;
  };

  const runCommand: MakerApiHandler = ({ id, command, args }) => {
    const d = device(id);
    const name = decodeURIComponent(command);
    const spec = d.command(name);
    // A single COLOR_MAP argument is the whole secondary value, even when its commas were not encoded.
    const values =
      args === undefined
        ? []
        : spec?.argTypes.length === 1 && spec.argTypes[0] === "COLOR_MAP"
          ? [decodeURIComponent(args)]
          : args.split(",").map((part) => decodeURIComponent(part));
    hub.runCommand(d, name, values);
    return html(deviceDetails(d));
  };

  return [
    ["GET", "devices", () => json([...hub.devices.values()].map(deviceSummary))],
    ["GET", "devices/all", () => json([...hub.devices.values()].map(deviceFull))],
    ["GET", "devices/:id", ({ id }) => json(deviceDetails(device(id)))],
    ["GET", "devices/:id/events", ({ id }) => html(deviceEvents(device(id)))],
    ["GET", "devices/:id/commands", ({ id }) => html(deviceCommands(device(id)))],
    ["GET", "devices/:id/capabilities", ({ id }) => html(deviceCapabilities(device(id)))],
    ["GET", "devices/:id/:command", runCommand],
    ["GET", "devices/:id/:command/:args", runCommand],
    [
      "GET",
      "devices/:id/:command/:args/*extra",
      ({ id }) => {
        // Too long for a command, but an unknown device is still the 404 that names it.
        device(id);
        throw new CommandError(404, "Not found");
      },
    ],
  ];
}
