import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The auth service's User, extended here with what the email service knows of them. */
@ObjectType()
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id!: string;
}
