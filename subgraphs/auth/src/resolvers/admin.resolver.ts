import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { AuthContext } from "../context.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import { findAuditPage } from "../repositories/audit-log.repository.js";
import { recordAudit } from "../services/audit.service.js";
import type { SettingView } from "../services/settings.service.js";
import { caller } from "./auth.resolver.js";
import { AuditLogFilter, AuditLogPage, pageOf, PageInput, SystemSettingEntry } from "./types.js";

const entryOf = (s: SettingView): SystemSettingEntry => ({
  key: s.key,
  value: JSON.stringify(s.value),
  defaultValue: JSON.stringify(s.defaultValue),
  type: s.type,
  description: s.description,
  choices: s.choices ? [...s.choices] : undefined,
  min: s.min,
  max: s.max,
  updatedAt: s.updatedAt,
});

@Resolver()
export class AdminResolver {
  @Authorized("ADMIN")
  @Query(() => [SystemSettingEntry], {
    description: "Every known household setting with its value and default (admins).",
  })
  async systemSettings(@Ctx() ctx: AuthContext): Promise<SystemSettingEntry[]> {
    return (await ctx.runtime.systemSettings.list(ctx.em)).map(entryOf);
  }

  @Authorized("ADMIN")
  @Mutation(() => SystemSettingEntry, { description: "Sets a known setting; `value` is JSON (`true`, `5`)." })
  async setSystemSetting(
    @Arg("key", () => String) key: string,
    @Arg("value", () => String) value: string,
    @Ctx() ctx: AuthContext,
  ): Promise<SystemSettingEntry> {
    const actor = caller(ctx);
    await ctx.em.transactional(async (em) => {
      const change = await ctx.runtime.systemSettings.set(em, key, value);
      await recordAudit(em, ctx.logger, AuditEvent.SETTING_CHANGED, {
        actorId: actor.userId,
        meta: ctx.meta,
        details: { key, from: change.previous, to: change.value },
      });
    });
    const all = await ctx.runtime.systemSettings.list(ctx.em);
    return entryOf(all.find((s) => s.key === key)!);
  }

  @Authorized("ADMIN")
  @Query(() => AuditLogPage, { description: "Security events, newest first." })
  async auditLog(
    @Arg("filter", () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null,
    @Arg("page", () => PageInput, { nullable: true }) page: PageInput | null,
    @Ctx() ctx: AuthContext,
  ): Promise<AuditLogPage> {
    const { page: n, pageSize, offset } = pageOf(page);
    const [items, total] = await findAuditPage(ctx.em, filter, { limit: pageSize, offset });
    return { items, total, page: n, pageSize };
  }
}
