import { Arg, Authorized, Ctx, Int, Query, Resolver, Root, Subscription } from "type-graphql";
import type { HomeContext } from "../context.js";
import type { HsmAlertState } from "../entities/hub-state.entity.js";
import { HSM_CHANGED, type HsmChangedPayload } from "../services/device-events.pubsub.js";
import { recentHsmEvents } from "../services/hsm.js";
import { HsmAlert, HsmHistoryEntry, HsmState } from "./hsm.types.js";

export function hsmAlertOf(alert: HsmAlertState | null | undefined): HsmAlert | null {
  return alert ? { kind: alert.kind, at: new Date(alert.at), text: alert.text ?? null } : null;
}

const date = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

@Resolver()
export class HsmResolver {
  @Authorized()
  @Query(() => [HsmHistoryEntry], {
    description: "Hubitat Safety Monitor's recent statuses and alerts, newest first (limit capped at 200).",
  })
  async hsmHistory(
    @Arg("limit", () => Int, { defaultValue: 20 }) limit: number,
    @Ctx() ctx: HomeContext,
  ): Promise<HsmHistoryEntry[]> {
    const rows = await recentHsmEvents(ctx.em, Math.min(Math.max(limit, 1), 200));
    return rows.map((row) => ({ kind: row.kind, value: row.value, text: row.description ?? null, at: row.createdAt }));
  }

  @Authorized()
  @Subscription(() => HsmState, {
    topics: HSM_CHANGED,
    description: "Hubitat Safety Monitor's status, arming times and alert each time its status or alert changes.",
  })
  hsmChanged(@Root() payload: HsmChangedPayload): HsmState {
    return {
      status: payload.status,
      armingSince: date(payload.armingSince),
      armingUntil: date(payload.armingUntil),
      alert: hsmAlertOf(payload.alert),
    };
  }
}
