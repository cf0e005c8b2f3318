import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { AuthContext } from "../context.js";
import { User } from "../entities/user.entity.js";

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: "A person of the household by id." })
  user(@Arg("id", () => ID) id: string, @Ctx() ctx: AuthContext): Promise<User | null> {
    return ctx.loaders.user.load(Number(id));
  }
}
