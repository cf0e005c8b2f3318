import { deleteCode, keypadEntry, lockCodesView, setCode, setCodeEncryption } from "../devices/lock-codes.driver.js";
import type { VirtualDevice } from "../devices/virtual-device.js";
import { CommandError } from "../hub-event.js";
import type { Hub } from "../hub.js";
import type { ControlHandler } from "./control.routes.js";
import { json, readJsonBody } from "./respond.js";
import type { RouteTable } from "./router.js";

/** `/_sim/devices/{id}/keypad` and `/_sim/devices/{id}/codes...`: what people do at a lock, and what a test checks there. */
export function lockCodeRoutes(hub: Hub): RouteTable<ControlHandler> {
  const lock = (id: string): VirtualDevice => {
    const device = hub.devices.get(decodeURIComponent(id));
    if (!device) throw new CommandError(404, `No device ${id}`);
    if (!device.has("LockCodes")) throw new CommandError(400, `${device.label} has no lock codes`);
    return device;
  };

  return [
    // {"code": "4321"}: typed at the keypad; unlocks (and says by whom) only for one of the lock's codes.
    [
      "POST",
      "devices/:id/keypad",
      async ({ req, params }) => {
        const body = (await readJsonBody(req)) as { code?: unknown };
        if (typeof body.code !== "string") return json({ error: 'body must be {"code": "1234"}' }, 400);
        const result = keypadEntry(hub, lock(params.id), body.code);
        return json(result, result.unlocked ? 200 : 403);
      },
    ],
    ["GET", "devices/:id/codes", ({ params }) => json(lockCodesView(lock(params.id)))],
    // {"position": 5, "code": "2580", "name": "Cleaner"}: a code a person programs at the lock itself.
    [
      "POST",
      "devices/:id/codes",
      async ({ req, params }) => {
        const body = (await readJsonBody(req)) as { position?: unknown; code?: unknown; name?: unknown };
        if (!Number.isInteger(body.position) || typeof body.code !== "string" || typeof body.name !== "string") {
          return json({ error: 'body must be {"position": 5, "code": "2580", "name": "Cleaner"}' }, 400);
        }
        const device = lock(params.id);
        setCode(hub, device, [String(body.position), body.code, body.name], "physical");
        return json(lockCodesView(device));
      },
    ],
    // {"encrypted": true}: the driver's "Enable lockCode encryption".
    [
      "POST",
      "devices/:id/codes/encryption",
      async ({ req, params }) => {
        const body = (await readJsonBody(req)) as { encrypted?: unknown };
        if (typeof body.encrypted !== "boolean") return json({ error: 'body must be {"encrypted": true|false}' }, 400);
        const device = lock(params.id);
        setCodeEncryption(hub, device, body.encrypted);
        return json({ encrypted: Boolean(device.encryptedCodes) });
      },
    ],
    // A code removed at the lock itself.
    [
      "DELETE",
      "devices/:id/codes/:position",
      ({ params }) => {
        const device = lock(params.id);
        deleteCode(hub, device, Number(params.position), "physical");
        return json(lockCodesView(device));
      },
    ],
  ];
}
