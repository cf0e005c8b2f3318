import type { Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { LockCodePort } from "./access.service.js";
import type { LockCodeService } from "./lock-code.service.js";

/**
 * A guest pass's lock code, handed by the access service (after its commit) to the lock-code
 * scheduler: written when the pass starts, deleted when it ends or is revoked. The slot's name is
 * the one the admin gave the code, so "unlocked by …" names the guest.
 */
export function passLockCodes(orm: Orm, lockCodes: LockCodeService): LockCodePort {
  const ref = (passId: string) => `pass:${passId}`;
  return {
    schedule: (s) =>
      lockCodes.schedule(orm.em.fork() as EntityManager, {
        ref: ref(s.passId),
        deviceId: s.deviceId,
        name: s.name,
        code: s.code,
        startsAt: s.validFrom,
        endsAt: s.validUntil,
      }),
    cancel: (passId) => lockCodes.cancel(orm.em.fork() as EntityManager, ref(passId)),
  };
}
