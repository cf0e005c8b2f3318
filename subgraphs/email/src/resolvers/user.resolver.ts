import { Authorized, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { EmailContext } from "../context.js";
import { User } from "../entities/user.entity.js";

@Resolver(() => User)
export class UserEmailResolver {
  @Authorized()
  @FieldResolver(() => Int, { description: "How many mails Homegraph has sent this person." })
  emailsSent(@Root() user: User, @Ctx() ctx: EmailContext): Promise<number> {
    return ctx.loaders.sentCount.load(Number(user.id));
  }
}
