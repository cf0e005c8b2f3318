import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The auth service's User, extended here with the devices they changed. */
@ObjectType()
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id!: string;
}
