import { BadUserInputError, ForbiddenError, NotFoundError } from "@homegraph/common";
import type { Peers } from "../services/peers.js";
import type { FilterQuery } from "@mikro-orm/core";
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { EmailContext } from "../context.js";
import { BulkRun } from "../entities/bulk-run.entity.js";
import { EmailLog } from "../entities/email-log.entity.js";
import { callerOf, isAdmin, requireCaller } from "../identity.js";
import type { BulkProgress } from "../services/mail-service.js";
import { checkPage } from "./page.js";
import { BulkEmailRun, EmailLogFilter, EmailLogPage, PageInput, SendBulkEmailInput, SendEmailInput } from "./types.js";

export function toBulkEmailRun(p: BulkProgress): BulkEmailRun {
  return {
    id: p.run.id,
    createdAt: p.run.createdAt,
    templateKey: p.run.templateKey,
    subject: p.run.subject,
    total: p.run.total,
    queued: p.queued,
    sent: p.sent,
    failed: p.failed,
    suppressed: p.suppressed,
    done: p.queued === 0,
  };
}

export function parseId(value: string, field: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new BadUserInputError(`${field} must be a positive whole number.`, field);
  return id;
}

@Resolver()
export class EmailResolver {
  @Authorized("ADMIN")
  @Mutation(() => EmailLog, {
    description: "Queues one mail; delivered at least once, exactly once per idempotencyKey.",
  })
  sendEmail(@Arg("input", () => SendEmailInput) input: SendEmailInput, @Ctx() ctx: EmailContext): Promise<EmailLog> {
    requireCaller(ctx, "ADMIN");
    return ctx.services.mail.send(ctx.em, input);
  }

  @Authorized("ADMIN")
  @Mutation(() => BulkEmailRun, { description: "Queues one mail per address; follow it with bulkEmailRun(id)." })
  async sendBulkEmail(
    @Arg("input", () => SendBulkEmailInput) input: SendBulkEmailInput,
    @Ctx() ctx: EmailContext,
  ): Promise<BulkEmailRun> {
    const caller = requireCaller(ctx, "ADMIN");
    const to = await recipientsOf(input, ctx.services.peers);
    const progress = await ctx.services.mail.sendBulk(ctx.em, { ...input, to }, caller.userId);
    return toBulkEmailRun(progress);
  }

  @Authorized("ADMIN")
  @Query(() => BulkEmailRun, { description: "How far a bulk send got." })
  async bulkEmailRun(@Arg("id", () => ID) id: string, @Ctx() ctx: EmailContext): Promise<BulkEmailRun> {
    requireCaller(ctx, "ADMIN");
    const run = await ctx.em.findOne(BulkRun, { id: parseId(id, "id") });
    if (!run) throw new NotFoundError(`There is no bulk run ${id}.`);
    return toBulkEmailRun(await ctx.services.mail.progress(ctx.em, run));
  }

  @Authorized()
  @Query(() => EmailLogPage, { description: "The delivery log, newest first: admins see all, members their own mail." })
  async emailLogs(
    @Arg("filter", () => EmailLogFilter, { nullable: true }) filter: EmailLogFilter | undefined,
    @Arg("page", () => PageInput, { nullable: true }) page: PageInput | undefined,
    @Ctx() ctx: EmailContext,
  ): Promise<EmailLogPage> {
    const caller = requireCaller(ctx);
    const { page: pageNo, pageSize, offset } = checkPage(page);
    const where: FilterQuery<EmailLog> = {};
    if (filter?.status) where.status = filter.status;
    if (filter?.kind) where.kind = filter.kind;
    if (filter?.recipient) where.recipient = { $ilike: filter.recipient.replace(/[%_\\]/g, "\\$&") };
    if (filter?.templateKey) where.templateKey = filter.templateKey;
    if (filter?.bulkRunId) where.bulkRunId = parseId(filter.bulkRunId, "filter.bulkRunId");
    if (isAdmin(callerOf(ctx))) {
      if (filter?.userId !== undefined && filter.userId !== null) where.userId = filter.userId;
    } else {
      // Asking for someone else's mail is refused outright rather than quietly narrowed.
      if (filter?.userId != null && filter.userId !== caller.userId) {
        throw new ForbiddenError("Only an admin may see other people's email.");
      }
      where.userId = caller.userId;
    }
    const [items, total] = await ctx.em.findAndCount(EmailLog, where, {
      orderBy: { createdAt: "desc", id: "desc" },
      offset,
      limit: pageSize,
    });
    return { items, total, page: pageNo, pageSize };
  }
}

/**
 * The addresses of a bulk send: the listed ones, or the people of a role (or everyone) as auth's
 * directory has them now, disabled accounts left out.
 */
export async function recipientsOf(
  input: { to?: string[] | null; role?: string | null; allUsers?: boolean | null },
  peers: Peers,
): Promise<string[]> {
  const chosen = [input.to?.length ? "to" : null, input.role ? "role" : null, input.allUsers ? "allUsers" : null];
  if (chosen.filter(Boolean).length > 1) {
    throw new BadUserInputError("Give one of to, role or allUsers.", chosen.filter(Boolean)[1]!);
  }
  if (!input.role && !input.allUsers) return input.to ?? [];
  if (input.role && input.role !== "ADMIN" && input.role !== "MEMBER") {
    throw new BadUserInputError("role must be ADMIN or MEMBER.", "role");
  }
  const users = await peers.users((input.role as "ADMIN" | "MEMBER" | null) ?? undefined);
  if (users.length === 0) throw new BadUserInputError(`Nobody has the role ${input.role}.`, "role");
  return users.map((u) => u.email);
}
