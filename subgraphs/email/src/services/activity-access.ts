import type { Logger, ServicePubSub } from "@homegraph/common";
import type { Caller } from "../identity.js";
import type { Visibility } from "./activity.js";
import type { HomeAccess } from "./peers.js";

/** Home publishes this (on the household's shared Redis) after every change of grants or role defaults. */
export const HOME_ACCESS_CHANGED = "home.accessChanged";
/** A grant change missed (no shared Redis, a reconnect) is seen within this long. */
export const ACCESS_TTL_MS = 5_000;

/**
 * Who may read which activity: an admin everything; a member their own entries and those of the
 * devices and rooms home lets them VIEW (asked of home, kept briefly and dropped when home says a
 * grant changed); a guest nothing. Home away: a member sees only their own entries until it answers.
 */
export class ActivityAccess {
  private readonly cache = new Map<number, { at: number; access: Promise<HomeAccess> }>();
  private stopListening?: () => Promise<void>;

  constructor(
    private readonly ask: (userId: number, role: string) => Promise<HomeAccess>,
    private readonly logger: Logger,
    private readonly pubSub?: ServicePubSub,
  ) {}

  start(): void {
    if (!this.pubSub) return;
    const iterator = this.pubSub.subscribe(HOME_ACCESS_CHANGED)[Symbol.asyncIterator]();
    const reading = (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        const userId = (next.value as { userId?: number | null }).userId;
        if (userId == null) this.cache.clear();
        else this.cache.delete(userId);
      }
    })().catch((err) => this.logger.warn({ err }, "activity: stopped hearing home's access changes"));
    this.stopListening = async () => {
      await iterator.return?.();
      await reading;
    };
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
  }

  /** What `caller` may read; null: nothing (a guest). */
  async visibility(caller: Caller): Promise<Visibility | null> {
    if (caller.role === "ADMIN") return { all: true };
    if (caller.role !== "MEMBER") return null;
    try {
      const { deviceIds, rooms } = await this.homeAccess(caller.userId, caller.role);
      return { all: false, userId: caller.userId, deviceIds, rooms };
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, "activity: home's access unreadable; own entries only");
      return { all: false, userId: caller.userId, deviceIds: [], rooms: [] };
    }
  }

  private homeAccess(userId: number, role: string): Promise<HomeAccess> {
    const hit = this.cache.get(userId);
    if (hit && Date.now() - hit.at < ACCESS_TTL_MS) return hit.access;
    const access = this.ask(userId, role);
    this.cache.set(userId, { at: Date.now(), access });
    access.catch(() => this.cache.get(userId)?.access === access && this.cache.delete(userId));
    return access;
  }
}
