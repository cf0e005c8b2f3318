import { Entity, Enum, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { EmailKind } from "./enums.js";

@ObjectType({ description: "A Handlebars mail template; `{{name}}` is HTML-escaped in the HTML body." })
@Entity({ tableName: "email_templates" })
export class EmailTemplate {
  [OptionalProps]?: "kind" | "builtIn" | "createdAt" | "updatedAt";

  @Field(() => ID)
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ type: "string", length: 64, unique: true })
  key!: string;

  @Field(() => String)
  @Property({ type: "string", length: 100 })
  name!: string;

  @Field(() => EmailKind)
  @Enum({ items: () => EmailKind, type: "string" })
  kind: EmailKind = EmailKind.NOTIFICATION;

  @Field(() => String)
  @Property({ type: "string", length: 255 })
  subject!: string;

  @Field(() => String)
  @Property({ type: "text" })
  html!: string;

  @Field(() => String)
  @Property({ type: "text" })
  text!: string;

  @Field(() => Boolean, { description: "Shipped with Homegraph: editable, not deletable." })
  @Property({ type: "boolean" })
  builtIn: boolean = false;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Int, { nullable: true, description: "The user who last changed it." })
  @Property({ type: "integer", nullable: true })
  updatedBy?: number | null;
}
