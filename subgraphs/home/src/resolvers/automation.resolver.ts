import { UnauthenticatedError } from "@homegraph/common";
import { GraphQLJSON } from "graphql-scalars";
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import type { HomeContext } from "../context.js";
import type { Automation } from "../entities/automation.entity.js";
import { User } from "../entities/user.entity.js";
import {
  createAutomation,
  deleteAutomation,
  getAutomation,
  listAutomations,
  setAutomationEnabled,
  updateAutomation,
} from "../services/automation.service.js";
import { readableAutomation, readableAutomations } from "../services/automation-visibility.js";

@ObjectType("Automation", {
  description: "A rule: when the trigger happens and every condition holds, the actions run in order.",
})
export class AutomationType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => GraphQLJSON, {
    description:
      '{"type":"attribute","deviceId","attribute","becomes"|"above"|"below"}, {"type":"mode","becomes"} or {"type":"time","at":"HH:MM"}.',
  })
  trigger!: unknown;

  @Field(() => GraphQLJSON, {
    description:
      '[{"type":"mode","is"} | {"type":"timeWindow","from","to"} | {"type":"device","deviceId","attribute","equals"}]',
  })
  conditions!: unknown;

  @Field(() => GraphQLJSON, {
    description:
      '[{"type":"command","deviceId","command","args"} | {"type":"setMode","mode"} | {"type":"notify","role"?,"userIds"?,"subject"?,"message"?,"channels"?:["IN_APP"|"PUSH"|"EMAIL"] (unset: EMAIL)}]',
  })
  actions!: unknown;

  @Field(() => Date, { nullable: true })
  lastFiredAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  createdByUserId!: number | null;
}

@InputType({ description: "A rule, or on update the parts to replace; the whole rule is validated either way." })
export class AutomationInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  trigger?: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  conditions?: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  actions?: unknown;
}

function toType(a: Automation): AutomationType {
  return Object.assign(new AutomationType(), {
    id: String(a.id),
    name: a.name,
    enabled: a.enabled,
    trigger: a.trigger,
    conditions: a.conditions,
    actions: a.actions,
    lastFiredAt: a.lastFiredAt ?? null,
    createdAt: a.createdAt,
    createdByUserId: a.createdByUserId ?? null,
  });
}

/** GraphQL leaves absent input fields undefined or null; the rule's own validation wants undefined. */
function clean(input: AutomationInput) {
  const v = (x: unknown) => (x === null ? undefined : x);
  return { name: v(input.name), trigger: v(input.trigger), conditions: v(input.conditions), actions: v(input.actions) };
}

@Resolver(() => AutomationType)
export class AutomationResolver {
  @Authorized()
  @Query(() => [AutomationType], {
    description:
      "The household's automation rules: all for an admin; for anyone else their own and those whose every device they may VIEW.",
  })
  async automations(@Ctx() ctx: HomeContext): Promise<AutomationType[]> {
    const [rules, view] = await Promise.all([listAutomations(ctx.em), ctx.access()]);
    return (await readableAutomations(ctx.em, view, rules)).map(toType);
  }

  @Authorized()
  @Query(() => AutomationType, {
    description: "One automation rule; NOT_FOUND when there is none with this id or the caller may not read it.",
  })
  async automation(@Arg("id", () => ID) id: string, @Ctx() ctx: HomeContext): Promise<AutomationType> {
    const [rule, view] = await Promise.all([getAutomation(ctx.em, Number(id)), ctx.access()]);
    return toType(await readableAutomation(ctx.em, view, rule));
  }

  @Authorized("ADMIN")
  @Mutation(() => AutomationType, { description: "Adds an automation rule (admins)." })
  async createAutomation(
    @Arg("input", () => AutomationInput) input: AutomationInput,
    @Ctx() ctx: HomeContext,
  ): Promise<AutomationType> {
    if (!ctx.identity) throw new UnauthenticatedError();
    return toType(await createAutomation(ctx.em, clean(input), ctx.identity.userId));
  }

  @Authorized("ADMIN")
  @Mutation(() => AutomationType, { description: "Saves a changed automation rule (admins)." })
  async updateAutomation(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => AutomationInput) input: AutomationInput,
    @Ctx() ctx: HomeContext,
  ): Promise<AutomationType> {
    return toType(await updateAutomation(ctx.em, Number(id), clean(input)));
  }

  @Authorized("ADMIN")
  @Mutation(() => AutomationType, { description: "Turns an automation rule on or off (admins)." })
  async setAutomationEnabled(
    @Arg("id", () => ID) id: string,
    @Arg("enabled", () => Boolean) enabled: boolean,
    @Ctx() ctx: HomeContext,
  ): Promise<AutomationType> {
    return toType(await setAutomationEnabled(ctx.em, Number(id), enabled));
  }

  @Authorized("ADMIN")
  @Mutation(() => Boolean, { description: "Deletes an automation rule (admins)." })
  deleteAutomation(@Arg("id", () => ID) id: string, @Ctx() ctx: HomeContext): Promise<boolean> {
    return deleteAutomation(ctx.em, Number(id));
  }

  @FieldResolver(() => User, { nullable: true, description: "The admin who created the rule." })
  createdBy(@Root() a: AutomationType): User | null {
    return a.createdByUserId ? Object.assign(new User(), { id: String(a.createdByUserId) }) : null;
  }
}
