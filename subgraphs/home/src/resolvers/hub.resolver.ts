import { requireStepUp } from "@homegraph/common";
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { HomeContext } from "../context.js";
import type { HubState } from "../entities/hub-state.entity.js";
import { totalsOf } from "../services/drift.js";
import { armingUntil } from "../services/hsm.js";
import { hsmAlertOf } from "./hsm.resolver.js";
import { NOT_CONFIGURED } from "../services/hub-connection.js";
import { HsmCommand, Hub, ReconcileReport } from "./types.js";

/** Turning the alarm off lets someone in: a factor proven in the last 5 minutes (STEP_UP_REQUIRED). */
const DISARMING = new Set([HsmCommand.disarm, HsmCommand.disarmAll]);

function toHub(state: HubState, ctx: HomeContext): Hub {
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
    return states.map((state) => {
      if (state instanceof Error) throw state;
      return toHub(state, ctx);
    });
  }

  @Authorized("ADMIN")
  @Mutation(() => Hub, { description: "Sets the location's mode by name (one of hub.modes)." })
  async setHubMode(
    @Arg("mode", () => String) mode: string,
    @Ctx() ctx: HomeContext,
    @Arg("hub", () => String, HUB_ARG) hub?: string | null,
  ): Promise<Hub> {
    return toHub(await ctx.link.setMode(ctx.em, mode, hub), ctx);
  }

  @Authorized("ADMIN")
  @Mutation(() => Hub, {
    description: "Arms or disarms Hubitat Safety Monitor. Disarming needs a factor proven in the last 5 minutes.",
  })
  async setHsm(
    @Arg("value", () => HsmCommand) value: HsmCommand,
    @Ctx() ctx: HomeContext,
    @Arg("hub", () => String, HUB_ARG) hub?: string | null,
  ): Promise<Hub> {
    if (DISARMING.has(value)) requireStepUp(ctx, `setHsm(${value})`);
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
