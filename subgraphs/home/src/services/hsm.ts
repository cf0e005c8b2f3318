// Hubitat Safety Monitor as Homegraph keeps it: the status, when arming began, the alert in force,
// and a history of each. The hub reports an arming state (armingAway...) and later the armed one,
// but never the exit delay it counts down: when the household tells Homegraph the delay it set in
// HSM (HSM_EXIT_DELAY_SECONDS), the end of arming is that long after it began; otherwise unknown.
import type { EntityManager } from "@mikro-orm/postgresql";
import { HsmEvent } from "../entities/hsm-event.entity.js";
import { HubState, type HsmAlertState } from "../entities/hub-state.entity.js";

/** The alert kind with which the hub says its alerts are over. */
export const HSM_CANCEL = "cancel";

export function isArming(status: string | null | undefined): boolean {
  return !!status && status.startsWith("arming");
}

export function isDisarmed(status: string | null | undefined): boolean {
  return status === "disarmed" || status === "allDisarmed";
}

/** When arming ends, if the exit delay is known; null while not arming or without one. */
export function armingUntil(
  state: Pick<HubState, "hsmStatus" | "hsmArmingSince">,
  exitDelayMs: number | undefined,
): Date | null {
  if (!exitDelayMs || !isArming(state.hsmStatus) || !state.hsmArmingSince) return null;
  return new Date(new Date(state.hsmArmingSince).getTime() + exitDelayMs);
}

/** What a new status changes besides itself: arming's start, and a disarm ends any alert. */
function statusFields(status: string, at: Date): Partial<HubState> {
  return { hsmArmingSince: isArming(status) ? at : null, ...(isDisarmed(status) ? { hsmAlert: null } : {}) };
}

/**
 * Stores a new HSM status unless the hub's row already holds it, and says whether it did. A status
 * set through Homegraph is also reported by the hub, possibly to another replica and first: the
 * conditional write lets exactly one of the two store (and so record and publish) it.
 */
export async function storeHsmStatus(
  em: EntityManager,
  state: HubState,
  status: string,
  at: Date,
  description: string | null = null,
): Promise<boolean> {
  const fields = { hsmStatus: status, ...statusFields(status, at) };
  const changed = await em.nativeUpdate(
    HubState,
    { hub: state.hub, $or: [{ hsmStatus: { $ne: status } }, { hsmStatus: null }] },
    fields,
  );
  if (!changed) {
    // The other path stored it first (with its own arming time): answer with what is stored.
    await em.findOne(HubState, { hub: state.hub }, { refresh: true });
    return false;
  }
  Object.assign(state, fields);
  em.persist(em.create(HsmEvent, { kind: "status", value: status, description, createdAt: at }));
  return true;
}

/**
 * A status read from the hub by a resync: applied (and recorded) only when it differs from the
 * stored one, since the event that announced it was lost.
 */
export function syncHsmStatus(em: EntityManager, state: HubState, status: string | null, at: Date): void {
  if (status === null || status === state.hsmStatus) return;
  const first = state.hsmStatus == null;
  Object.assign(state, { hsmStatus: status, ...statusFields(status, at) });
  // The first read of a new database learns the status; nothing happened.
  if (!first)
    em.persist(em.create(HsmEvent, { kind: "status", value: status, description: "found by a resync", createdAt: at }));
}

/** Stores an alert the hub raised, or clears the one in force on `cancel`; always recorded. */
export function storeHsmAlert(em: EntityManager, state: HubState, kind: string, text: string | null, at: Date): void {
  const alert: HsmAlertState | null = kind === HSM_CANCEL ? null : { kind, at: at.toISOString(), text };
  state.hsmAlert = alert;
  em.persist(em.create(HsmEvent, { kind: "alert", value: kind, description: text, createdAt: at }));
}

/** The newest HSM statuses and alerts first. */
export function recentHsmEvents(em: EntityManager, limit: number): Promise<HsmEvent[]> {
  return em.find(HsmEvent, {}, { orderBy: { createdAt: "desc", id: "desc" }, limit });
}
