import { modes } from "../format.js";
import { CommandError } from "../hub-event.js";
import type { Hub } from "../hub.js";
import type { MakerApiHandler } from "./maker-api.routes.js";
import { html } from "./respond.js";
import type { RouteTable } from "./router.js";

/** `/modes`, `/hsm` and `/hubvariables`: the location's state, read and set. */
export function locationRoutes(hub: Hub): RouteTable<MakerApiHandler> {
  const variable = (encodedName: string) => {
    const name = decodeURIComponent(encodedName);
    const found = hub.variables.find((v) => v.name === name);
    if (!found) throw new CommandError(404, `No hub variable named ${name}`);
    return found;
  };

  return [
    ["GET", "modes", () => html(modes(hub))],
    [
      "GET",
      "modes/:id",
      ({ id }) => {
        hub.setMode(Number(decodeURIComponent(id)));
        return html(modes(hub));
      },
    ],
    ["GET", "hsm", () => html({ hsm: hub.hsm.status })],
    [
      "GET",
      "hsm/:command",
      ({ command }) => {
        hub.setHsm(decodeURIComponent(command));
        return html({ hsm: hub.hsm.status });
      },
    ],
    ["GET", "hubvariables", () => html(hub.variables)],
    ["GET", "hubvariables/:name", ({ name }) => html(variable(name))],
    [
      "GET",
      "hubvariables/:name/:value",
      ({ name, value }) => html(hub.setVariable(decodeURIComponent(name), decodeURIComponent(value))),
    ],
    [
      "GET",
      "hubvariables/:name/:value/*extra",
      ({ name }) => {
        // The name is decoded before the path is found too long: a malformed one stays a 500.
        decodeURIComponent(name);
        throw new CommandError(404, "Not found");
      },
    ],
  ];
}
