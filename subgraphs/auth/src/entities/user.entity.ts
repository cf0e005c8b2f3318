import { Entity, Enum, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum Role {
  ADMIN = "ADMIN",
  MEMBER = "MEMBER",
  /** Let in for a while through a guest pass: no password, no mail, only the rooms and devices granted. */
  GUEST = "GUEST",
}
registerEnumType(Role, { name: "Role", description: "What a person may do in the household's Homegraph." });

// `email` and `disabledAt` are exposed by UserResolver's field resolvers, which decide who may see them.
@ObjectType({ description: "A person of the household." })
@Directive('@key(fields: "id")')
@Entity({ tableName: "users" })
export class User {
  [OptionalProps]?: "role" | "createdAt" | "updatedAt";

  @Field(() => ID)
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 255 })
  email!: string;

  @Property({ type: "string", length: 255, nullable: true, hidden: true, lazy: true })
  passwordHash?: string | null;

  @Field(() => String)
  @Property({ type: "string", length: 100 })
  displayName!: string;

  @Field(() => Role)
  @Enum({ items: () => Role, type: "string" })
  role: Role = Role.MEMBER;

  @Field(() => Date)
  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Date, {
    nullable: true,
    description: "When the person proved they read this address (invite or reset).",
  })
  @Property({ type: "datetime", nullable: true })
  emailVerifiedAt?: Date | null;

  @Property({ type: "datetime", nullable: true })
  disabledAt?: Date | null;
}
