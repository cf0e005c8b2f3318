import { Arg, Authorized, Ctx, Int, Query, Resolver, Root, Subscription } from "type-graphql";
import type { HomeContext } from "../context.js";
import type { HsmAlertState } from "../entities/hub-state.entity.js";
import { HSM_CHANGED, type HsmChangedPayload } from "../services/device-events.pubsub.js";
import { recentHsmEvents } from "../services/hsm.js";
import { AccessLevel, SecureCapability } from "../services/access-model.js";
import { requireCapability } from "../services/access-guard.js";
import { HsmAlert, HsmHistoryEntry, HsmState } from "./hsm.types.js";

export function hsmAlertOf(alert: HsmAlertState | null | undefined): HsmAlert | null {
  return alert ? { kind: alert.kind, at: new Date(alert.at), text: alert.text ?? null } : null;
}

/** Judged per event against the subscriber's access as last changed, as devices are: a grant taken stops the stream at once. */
export async function mayViewCapability(ctx: HomeContext, capability: SecureCapability): Promise<boolean> {
  return (await ctx.accessControl.viewFor(ctx.identity)).canViewCapability(capability);
}

const date = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

@Resolver()
export class HsmResolver {
  @Authorized()
  @Query(() => [HsmHistoryEntry], {
    description:
      "Hubitat Safety Monitor's recent statuses and alerts, newest first (limit capped at 200). Needs VIEW of HSM.",
  })
  async hsmHistory(
    @Arg("limit", () => Int, { defaultValue: 20 }) limit: number,
    @Ctx() ctx: HomeContext,
  ): Promise<HsmHistoryEntry[]> {
    await requireCapability(ctx, SecureCapability.HSM, AccessLevel.VIEW);
    const rows = await recentHsmEvents(ctx.em, Math.min(Math.max(limit, 1), 200));
    return rows.map((row) => ({ kind: row.kind, value: row.value, text: row.description ?? null, at: row.createdAt }));
  }

  @Authorized()
  @Subscription(() => HsmState, {
    topics: HSM_CHANGED,
    filter: ({ context }: { context: HomeContext }) => mayViewCapability(context, SecureCapability.HSM),
    description:
      "Hubitat Safety Monitor's status, arming times and alert each time its status or alert changes, while the caller may VIEW HSM.",
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
