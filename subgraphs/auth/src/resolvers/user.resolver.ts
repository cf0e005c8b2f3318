import { NotFoundError, OPEN_DURING_ENROLMENT, UnauthenticatedError } from "@homegraph/common";
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AuthContext } from "../context.js";
import { Role, User } from "../entities/user.entity.js";
import { findUserPage } from "../repositories/user.repository.js";
import { caller } from "./auth.resolver.js";
import { pageOf, PageInput, UpdateProfileInput, UserPage } from "./types.js";

function userId(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new NotFoundError("No such user.");
  return n;
}

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "Visible to the person themself and to admins; null for everyone else.",
  })
  email(@Root() user: User, @Ctx() ctx: AuthContext): string | null {
    const me = ctx.identity;
    const self = me?.userId === user.id || ctx.signedInUserId === user.id;
    // A guest's address is a placeholder nobody reads.
    if (user.role === Role.GUEST) return null;
    return self || me?.role === Role.ADMIN ? user.email : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: "When an admin disabled the account (admins only)." })
  disabledAt(@Root() user: User, @Ctx() ctx: AuthContext): Date | null {
    return ctx.identity?.role === Role.ADMIN ? (user.disabledAt ?? null) : null;
  }

  @Authorized(OPEN_DURING_ENROLMENT, "GUEST")
  @Query(() => User, { description: "The signed-in person (guests included)." })
  async me(@Ctx() ctx: AuthContext): Promise<User> {
    const user = await ctx.loaders.user.load(caller(ctx).userId);
    if (!user) throw new UnauthenticatedError();
    return user;
  }

  @Authorized()
  @Query(() => User, { nullable: true, description: "A person of the household by id." })
  user(@Arg("id", () => ID) id: string, @Ctx() ctx: AuthContext): Promise<User | null> {
    return ctx.loaders.user.load(Number(id));
  }

  @Authorized("ADMIN")
  @Query(() => UserPage, { description: "Everyone, newest first; `search` matches email or display name." })
  async users(
    @Arg("page", () => PageInput, { nullable: true }) page: PageInput | null,
    @Arg("search", () => String, { nullable: true }) search: string | null,
    @Ctx() ctx: AuthContext,
  ): Promise<UserPage> {
    const { page: n, pageSize, offset } = pageOf(page);
    const [items, total] = await findUserPage(ctx.em, search?.trim() || undefined, { limit: pageSize, offset });
    return { items, total, page: n, pageSize };
  }

  @Authorized()
  @Mutation(() => User, { description: "Changes the caller's own profile." })
  updateProfile(
    @Arg("input", () => UpdateProfileInput) input: UpdateProfileInput,
    @Ctx() ctx: AuthContext,
  ): Promise<User> {
    return ctx.runtime.accounts.updateProfile(ctx.em, caller(ctx), input, ctx.meta);
  }

  @Authorized("ADMIN")
  @Mutation(() => User, { description: "Creates the account and emails a link to choose a password (valid 7 days)." })
  inviteUser(
    @Arg("email", () => String) email: string,
    @Arg("role", () => Role, { defaultValue: Role.MEMBER }) role: Role,
    @Arg("displayName", () => String, { nullable: true }) displayName: string | null,
    @Ctx() ctx: AuthContext,
  ): Promise<User> {
    return ctx.runtime.accounts.inviteUser(ctx.em, caller(ctx), { email, role, displayName }, ctx.meta);
  }

  @Authorized("ADMIN")
  @Mutation(() => User, {
    description: "Makes a person an admin, a member or a guest (admins, after confirming it's you).",
  })
  async setUserRole(
    @Arg("id", () => ID) id: string,
    @Arg("role", () => Role) role: Role,
    @Ctx() ctx: AuthContext,
  ): Promise<User> {
    await ctx.runtime.signIn.requireRecent(ctx.em, caller(ctx), "setUserRole", ctx.meta);
    return ctx.runtime.accounts.setUserRole(ctx.em, caller(ctx), userId(id), role, ctx.meta);
  }

  @Authorized("ADMIN")
  @Mutation(() => User, { description: "Disables the account; its sessions end at once." })
  disableUser(@Arg("id", () => ID) id: string, @Ctx() ctx: AuthContext): Promise<User> {
    return ctx.runtime.accounts.setUserDisabled(ctx.em, caller(ctx), userId(id), true, ctx.meta);
  }

  @Authorized("ADMIN")
  @Mutation(() => User, { description: "Enables a disabled account again." })
  enableUser(@Arg("id", () => ID) id: string, @Ctx() ctx: AuthContext): Promise<User> {
    return ctx.runtime.accounts.setUserDisabled(ctx.em, caller(ctx), userId(id), false, ctx.meta);
  }
}
