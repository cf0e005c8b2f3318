import type { EntityManager } from "@mikro-orm/postgresql";
import type { LockCodePort } from "./access.service.js";
import type { LockCodeService } from "./lock-code.service.js";

/**
 * A guest pass's lock code, handed by the access service (inside the transaction of the pass's
 * grants, with its `em`) to the lock-code scheduler: written when the pass starts, deleted when it
 * ends or is revoked. The slot's name is the one the admin gave the code, so "unlocked by …" names
 * the guest.
 */
export function passLockCodes(lockCodes: LockCodeService): LockCodePort {
  const ref = (passId: string) => `pass:${passId}`;
  return {
    schedule: (em: EntityManager, s) =>
      lockCodes.schedule(em, {
        ref: ref(s.passId),
        deviceId: s.deviceId,
        name: s.name,
        code: s.code,
        startsAt: s.validFrom,
        endsAt: s.validUntil,
      }),
    cancel: (em: EntityManager, passId) => lockCodes.cancel(em, ref(passId)),
    committed: () => lockCodes.nudge(),
  };
}
