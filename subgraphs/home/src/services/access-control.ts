import type { Identity, Logger, Orm, Role, ServicePubSub } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { AccessView, BUILT_IN_DEFAULTS } from "./access-model.js";
import { loadAccessView, type LockCodePort, type LockCodeSchedule } from "./access.service.js";

/** Published after every change of grants or defaults, so every replica re-resolves its live streams. */
export const ACCESS_CHANGED = "home.accessChanged";

export interface AccessChangedPayload {
  /** Whose grants changed; null: a role's defaults, everyone's. */
  userId: number | null;
  publishedAt: number;
}

/** A safety net for a lost invalidation (a Redis reconnect): no cached view outlives this. */
const CACHE_TTL_MS = 30_000;

/**
 * Access for what outlives a request: each live subscription's filter and the automations. Views
 * are cached per person and role and dropped when ACCESS_CHANGED is heard (from any replica), so a
 * grant change reaches open streams within moments, without a reconnect and without a read per event.
 */
export class AccessControl {
  private readonly cache = new Map<string, { at: number; view: Promise<AccessView> }>();
  private unsubscribe?: () => Promise<void>;
  private readonly logger: Logger;

  constructor(
    private readonly orm: Orm,
    logger: Logger,
    private readonly pubSub?: ServicePubSub,
    /** The lock-code scheduler (lock codes through the Maker API); unset until it is wired in. */
    public lockCodes?: LockCodePort,
  ) {
    this.logger = logger.child({ component: "access" });
  }

  /** Listens for changes made on any replica. */
  start(): void {
    if (!this.pubSub) return;
    const iterator = this.pubSub.subscribe(ACCESS_CHANGED)[Symbol.asyncIterator]();
    const reading = (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        this.forget((next.value as AccessChangedPayload).userId);
      }
    })().catch((err) => this.logger.error({ err }, "access: stopped hearing access changes"));
    this.unsubscribe = async () => {
      await iterator.return?.();
      await reading;
    };
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }

  /** After a committed change: this replica forgets at once, the others when they hear it. */
  changed(userId: number | null): void {
    this.forget(userId);
    this.pubSub?.publish(ACCESS_CHANGED, { userId, publishedAt: Date.now() } satisfies AccessChangedPayload);
  }

  private forget(userId: number | null): void {
    if (userId === null) this.cache.clear();
    else for (const key of [...this.cache.keys()]) if (key.startsWith(`${userId}:`)) this.cache.delete(key);
  }

  /** A fresh EntityManager, for reads outside a request. */
  em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  /** A person's access as of the last change heard; nobody (anonymous, a service) sees nothing. */
  view(userId: number, role: Role): Promise<AccessView> {
    const key = `${userId}:${role}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.view;
    const view = loadAccessView(this.em(), userId, role);
    this.cache.set(key, { at: Date.now(), view });
    // A failed read is not kept: the next event tries again.
    view.catch(() => this.cache.get(key)?.view === view && this.cache.delete(key));
    return view;
  }

  viewFor(identity: Identity | undefined): Promise<AccessView> {
    if (!identity || identity.role === "SERVICE") {
      return Promise.resolve(new AccessView(0, "GUEST", BUILT_IN_DEFAULTS.GUEST));
    }
    return this.view(identity.userId, identity.role);
  }

  /**
   * The pass's code scheduler for the grants' transaction; without one, says so (never the code)
   * and the pass is applied without its code.
   */
  passLockCodes(): LockCodePort {
    return {
      schedule: async (em: EntityManager, schedule: LockCodeSchedule) => {
        if (this.lockCodes) return this.lockCodes.schedule(em, schedule);
        this.logger.warn(
          { passId: schedule.passId, deviceId: schedule.deviceId },
          "access: a guest pass has a lock code but no lock-code scheduler is wired in; the code is not set",
        );
      },
      cancel: async (em: EntityManager, passId: string) => this.lockCodes?.cancel(em, passId),
      committed: () => this.lockCodes?.committed?.(),
    };
  }
}
