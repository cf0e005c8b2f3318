import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Role } from "./role.enum.js";

/** The auth service's User, extended here with the devices they changed and their access to the home. */
@ObjectType()
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id!: string;

  /** Auth's: the gateway fetches it for `homeAccess` (@requires). */
  @Field(() => Role)
  @Directive("@external")
  role?: Role;
}
