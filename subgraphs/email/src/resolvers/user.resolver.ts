import { Authorized, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { EmailContext } from "../context.js";
import { User } from "../entities/user.entity.js";

@Resolver(() => User)
export class UserEmailResolver {
  @Authorized()
  // Nullable, as every per-person field another subgraph adds to User: a field that needs a token
  // (inside `login`, before there is one) or a subgraph that is down must not null the User, or the
  // payload holding it.
  @FieldResolver(() => Int, { nullable: true, description: "How many mails Homegraph has sent this person." })
  emailsSent(@Root() user: User, @Ctx() ctx: EmailContext): Promise<number> {
    return ctx.loaders.sentCount.load(Number(user.id));
  }
}
