import { NotFoundError } from "@homegraph/common";
import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import type { EmailContext } from "../context.js";
import { DevMailboxMessage } from "../entities/dev-mailbox.entity.js";
import { requireCaller } from "../identity.js";
import { parseId } from "./email.resolver.js";
import { checkPage } from "./page.js";
import { DevMailboxPage, PageInput } from "./types.js";

@Resolver()
export class DevMailboxResolver {
  @Authorized("ADMIN")
  @Query(() => DevMailboxPage, { description: "What the built-in SMTP catcher received, newest first." })
  async devMailbox(
    @Arg("page", () => PageInput, { nullable: true }) page: PageInput | undefined,
    @Ctx() ctx: EmailContext,
  ): Promise<DevMailboxPage> {
    requireCaller(ctx, "ADMIN");
    const { pageSize, offset } = checkPage(page);
    const [items, total] = await ctx.em.findAndCount(
      DevMailboxMessage,
      {},
      { orderBy: { id: "desc" }, offset, limit: pageSize },
    );
    return { items, total, enabled: ctx.services.devMailbox() };
  }

  @Authorized("ADMIN")
  @Query(() => DevMailboxMessage, { description: "One message caught by the development mailbox, in full (admins)." })
  async devMailboxMessage(@Arg("id", () => ID) id: string, @Ctx() ctx: EmailContext): Promise<DevMailboxMessage> {
    requireCaller(ctx, "ADMIN");
    const message = await ctx.em.findOne(DevMailboxMessage, { id: parseId(id, "id") });
    if (!message) throw new NotFoundError(`There is no message ${id} in the dev mailbox.`);
    return message;
  }
}
