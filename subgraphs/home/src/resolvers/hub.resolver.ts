import { requireStepUp } from "@homegraph/common";
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { HomeContext } from "../context.js";
import type { HubState } from "../entities/hub-state.entity.js";
import { AccessLevel, SecureCapability } from "../services/access-model.js";
import { requireCapability } from "../services/access-guard.js";
import { totalsOf } from "../services/drift.js";
import { armingUntil } from "../services/hsm.js";
import { hsmAlertOf } from "./hsm.resolver.js";
import { NOT_CONFIGURED } from "../services/hub-connection.js";
import { HsmCommand, Hub, ReconcileReport } from "./types.js";

/** Turning the alarm off lets someone in: a factor proven in the last 5 minutes (STEP_UP_REQUIRED). */
const DISARMING = new Set([HsmCommand.disarm, HsmCommand.disarmAll]);

/**
 * The hub as the caller may see it: the alarm's fields only with VIEW of HSM, the mode's only with
 * VIEW of MODE (null and empty otherwise, as for a hub that has not said), and the caller's levels.
 */
async function toHub(state: HubState, ctx: HomeContext): Promise<Hub> {
  const view = await ctx.access();
  const hub = fullHub(state, ctx);
  const hsm = view.capabilityLevel(SecureCapability.HSM);
  const mode = view.capabilityLevel(SecureCapability.MODE);
  if (hsm === AccessLevel.NONE) {
    Object.assign(hub, { hsmStatus: null, hsmAlert: null, hsmArmingSince: null, hsmArmingUntil: null });
  }
  if (mode === AccessLevel.NONE) Object.assign(hub, { mode: null, modes: [] });
  return { ...hub, myAccess: { hsm, mode } };
}

function fullHub(state: HubState, ctx: HomeContext): Omit<Hub, "myAccess"> {
  const configured = ctx.link.isConfigured(state.hub);
  return {
    name: state.hub,
    primary: state.hub === ctx.link.primaryName,
    configured,
    connected: configured && state.connected,
    problem: configured ? (state.connected ? null : (state.lastError ?? "The hub is not answering.")) : NOT_CONFIGURED,
    lastEventAt: state.lastEventAt ?? null,
    lastSyncAt: state.lastSyncAt ?? null,
    mode: state.mode ?? null,
    modes: state.modes,
    hsmStatus: state.hsmStatus ?? null,
    hsmAlert: hsmAlertOf(state.hsmAlert),
    hsmArmingSince: state.hsmArmingSince ?? null,
    hsmArmingUntil: armingUntil(state, ctx.link.hsmExitDelayMs),
    variables: state.variables,
    drift: totalsOf(state.drift, state.lastReconciledAt),
  };
}

const HUB_ARG = {
  nullable: true,
  description: "The hub's name (Hub.name); unset: the primary hub. An unknown name is BAD_USER_INPUT (field hub).",
} as const;

@Resolver(() => Hub)
export class HubResolver {
  @Authorized()
  @Query(() => Hub, { description: "The primary hub, or the one named." })
  async hub(@Ctx() ctx: HomeContext, @Arg("name", () => String, HUB_ARG) name?: string | null): Promise<Hub> {
    return toHub(await ctx.loaders.hubState.load(ctx.link.hub(name).name), ctx);
  }

  @Authorized()
  @Query(() => [Hub], { description: "Every configured hub, the primary one first (HUBITAT_HUBS' order)." })
  async hubs(@Ctx() ctx: HomeContext): Promise<Hub[]> {
    const states = await ctx.loaders.hubState.loadMany(ctx.link.names);
    return Promise.all(
      states.map((state) => {
        if (state instanceof Error) throw state;
        return toHub(state, ctx);
      }),
    );
  }

  @Authorized()
  @Mutation(() => Hub, {
    description:
      "Sets the location's mode by name (one of hub.modes). Needs CONTROL of MODE (an admin, or a grant of its own: " +
      "FORBIDDEN with requiredAccess and capability otherwise).",
  })
  async setHubMode(
    @Arg("mode", () => String) mode: string,
    @Ctx() ctx: HomeContext,
    @Arg("hub", () => String, HUB_ARG) hub?: string | null,
  ): Promise<Hub> {
    await requireCapability(ctx, SecureCapability.MODE, AccessLevel.CONTROL);
    return toHub(await ctx.link.setMode(ctx.em, mode, hub), ctx);
  }

  @Authorized()
  @Mutation(() => Hub, {
    description:
      "Arms or disarms Hubitat Safety Monitor. Disarming needs a factor proven in the last 5 minutes; then CONTROL " +
      "of HSM (an admin, or a grant of its own: FORBIDDEN with requiredAccess and capability otherwise).",
  })
  async setHsm(
    @Arg("value", () => HsmCommand) value: HsmCommand,
    @Ctx() ctx: HomeContext,
    @Arg("hub", () => String, HUB_ARG) hub?: string | null,
  ): Promise<Hub> {
    // As unlock: the step-up depends on the command alone, then the grant.
    if (DISARMING.has(value)) requireStepUp(ctx, `setHsm(${value})`);
    await requireCapability(ctx, SecureCapability.HSM, AccessLevel.CONTROL);
    return toHub(await ctx.link.setHsm(ctx.em, value, hub), ctx);
  }

  @Authorized("ADMIN")
  @Mutation(() => Hub, { description: "Sets a hub variable; the value is checked against the variable's type." })
  async setHubVariable(
    @Arg("name", () => String) name: string,
    @Arg("value", () => String) value: string,
    @Ctx() ctx: HomeContext,
    @Arg("hub", () => String, HUB_ARG) hub?: string | null,
  ): Promise<Hub> {
    return toHub(await ctx.link.setVariable(ctx.em, name, value, hub), ctx);
  }

  @Authorized("ADMIN")
  @Mutation(() => Hub, { description: "Reads every device and the hub's state again now." })
  async resyncHub(@Ctx() ctx: HomeContext, @Arg("hub", () => String, HUB_ARG) hub?: string | null): Promise<Hub> {
    const name = ctx.link.hub(hub).name;
    await ctx.link.resync("asked by an admin", name);
    ctx.em.clear();
    ctx.loaders.hubState.clearAll();
    ctx.loaders.knownHubStates.clear();
    return toHub(await ctx.loaders.hubState.load(name), ctx);
  }

  @Authorized("ADMIN")
  @Mutation(() => ReconcileReport, {
    description: "Compares every device with the hub now and corrects what differs; UNAVAILABLE without the hub.",
  })
  async reconcileHub(
    @Ctx() ctx: HomeContext,
    @Arg("hub", () => String, HUB_ARG) hub?: string | null,
  ): Promise<ReconcileReport> {
    const { at, devicesChecked, corrections, ms } = await ctx.link.reconcile("asked by an admin", hub);
    const { total, ...byKind } = corrections;
    return { at, devicesChecked, corrections: total, byKind, ms };
  }
}
