import type { Logger, Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { AuditEvent } from "../entities/audit-log.entity.js";
import type { GuestPass } from "../entities/guest-pass.entity.js";
import {
  claimDueHomeTasks,
  completeHomeTask,
  failHomeTask,
  findOpenPassesEndingBefore,
  lockGuestPass,
  queueHomeRevoke,
} from "../repositories/guest-pass.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import type { HomeAccessPort } from "./home-access.js";
import type { SessionService } from "./session.service.js";

/** Passes ending within this get a timer of their own; the rest wait for a later sweep. */
const TIMER_HORIZON_MS = 10 * 60_000;
const SWEEP_MS = 30_000;
/** How long a claimed home call may take before another replica may try it again. */
const HOME_LEASE_SECONDS = 60;
const HOME_RETRY_MAX_SECONDS = 300;

export interface GuestPassCloserDeps {
  orm: Orm;
  logger: Logger;
  sessions: SessionService;
  home: HomeAccessPort;
  /** How often due home calls are looked for (the outbox's poll interval). */
  pollMs: number;
}

export interface CloseRequest {
  /** The admin ending it early; absent for the end at `validUntil`. */
  actorId?: number;
  meta?: RequestMeta;
}

/**
 * Ends passes: at `validUntil` (a precise timer for passes ending soon, a periodic sweep that
 * also catches up after a restart) or when an admin ends one early. Ending revokes every session
 * of the pass's guest through the revocation push and disables the guest in the same transaction,
 * then asks the home service to take the access away, retried durably until it answers: the
 * sessions never wait for home.
 */
export class GuestPassCloser {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweepTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private homeRunning?: Promise<void>;
  private stopped = false;

  constructor(private readonly deps: GuestPassCloserDeps) {}

  private get logger() {
    return this.deps.logger;
  }

  async start(): Promise<void> {
    await this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
    this.pollTimer = setInterval(() => this.kickHome(), this.deps.pollMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    clearInterval(this.pollTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.homeRunning;
  }

  /** A timer for the pass's end when it is near; further ones are picked up by a later sweep. */
  watch(pass: Pick<GuestPass, "id" | "validUntil" | "closedAt">): void {
    if (this.stopped || pass.closedAt) return;
    const delay = pass.validUntil.getTime() - Date.now();
    if (delay > TIMER_HORIZON_MS) return;
    clearTimeout(this.timers.get(pass.id));
    const timer = setTimeout(
      () => {
        this.timers.delete(pass.id);
        this.close(pass.id).catch((err: unknown) =>
          this.logger.warn({ err, passId: pass.id }, "closing a pass failed"),
        );
      },
      Math.max(0, delay),
    );
    timer.unref();
    this.timers.set(pass.id, timer);
  }

  /**
   * Ends the pass now (early, with `actorId`) or when due; does nothing to one already closed or
   * not yet due. Answers the pass as it then is (null for an unknown id).
   */
  async close(passId: string, request: CloseRequest = {}): Promise<GuestPass | null> {
    const em = this.deps.orm.em.fork() as EntityManager;
    const outcome = await em.transactional(async (tem) => {
      const pass = await lockGuestPass(tem, { id: passId });
      if (!pass || pass.closedAt) return { pass, entries: [] };
      const now = new Date();
      const early = request.actorId !== undefined && now < pass.validUntil;
      // A timer may fire a moment early by the database's clock: not due yet, try again then.
      if (!early && !pass.endedAt && now < pass.validUntil) return { pass, entries: [], notDue: true };
      if (early) {
        pass.endedAt = now;
        pass.endedBy = request.actorId;
      }
      pass.closedAt = now;
      pass.guest.disabledAt = now;
      const reason = pass.endedAt ? "guest_pass_ended" : "guest_pass_expired";
      const entries = await this.deps.sessions.revokeIn(tem, { userId: pass.guest.id }, reason);
      await queueHomeRevoke(tem, pass.id);
      await recordAudit(tem, this.logger, AuditEvent.GUEST_PASS_ENDED, {
        userId: pass.guest.id,
        actorId: request.actorId,
        meta: request.meta,
        details: {
          passId: pass.id,
          reason: pass.endedAt ? "ENDED_EARLY" : "EXPIRED",
          sessionsRevoked: entries.length,
        },
      });
      return { pass, entries };
    });
    // Refused on this replica at once; the NOTIFY carries it to the others and the SSE stream to every service.
    this.deps.sessions.applyRevoked(outcome.entries);
    if ("notDue" in outcome && outcome.pass) this.watch(outcome.pass);
    else if (outcome.pass?.closedAt) {
      clearTimeout(this.timers.get(passId));
      this.timers.delete(passId);
      this.kickHome();
    }
    return outcome.pass;
  }

  /** Closes what is due (ended while no timer ran, say across a restart) and times what ends soon. */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      const em = this.deps.orm.em.fork() as EntityManager;
      const open = await findOpenPassesEndingBefore(em, new Date(Date.now() + TIMER_HORIZON_MS));
      for (const pass of open) {
        if (pass.due) await this.close(pass.id);
        else if (!this.timers.has(pass.id)) this.watch({ ...pass, closedAt: null });
      }
    } catch (err) {
      this.logger.warn({ err }, "guest pass sweep failed");
    }
    this.kickHome();
  }

  /** Runs the due home calls now (one run at a time per replica). */
  kickHome(): void {
    if (this.stopped || this.homeRunning) return;
    this.homeRunning = this.runHomeTasks()
      .catch((err: unknown) => this.logger.warn({ err }, "guest pass home calls failed"))
      .finally(() => (this.homeRunning = undefined));
  }

  /** Resolves once no home call is due or in flight (tests, shutdown). */
  async drainHome(): Promise<void> {
    while (this.homeRunning) await this.homeRunning;
  }

  private async runHomeTasks(): Promise<void> {
    const em = this.deps.orm.em.fork() as EntityManager;
    const tasks = await claimDueHomeTasks(em, 20, HOME_LEASE_SECONDS);
    for (const task of tasks) {
      try {
        await this.deps.home.revokeGuestPassAccess(task.passId);
        await em.transactional(async (tem) => {
          const guestId = await completeHomeTask(tem, task.passId);
          if (guestId !== undefined) {
            await recordAudit(tem, this.logger, AuditEvent.GUEST_PASS_HOME_ACCESS_REMOVED, {
              userId: guestId,
              details: { passId: task.passId, attempts: task.attempts },
            });
          }
        });
      } catch (err) {
        const retryIn = Math.min(2 ** Math.min(task.attempts, 9), HOME_RETRY_MAX_SECONDS);
        this.logger.warn(
          { passId: task.passId, attempts: task.attempts, retryIn },
          "home did not take a pass's access away yet",
        );
        await failHomeTask(em, task.passId, retryIn, (err as Error).message);
      }
    }
  }
}
