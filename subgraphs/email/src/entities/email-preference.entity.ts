import { Entity, Enum, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, Int, ObjectType } from "type-graphql";
import { DigestFrequency } from "./enums.js";

@ObjectType({ description: "What mail a person wants. Security mail always goes out." })
@Entity({ tableName: "email_preferences" })
export class EmailPreference {
  [OptionalProps]?: "notificationsEnabled" | "digest" | "updatedAt";

  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Field(() => Int)
  @Property({ type: "integer", unique: true })
  userId!: number;

  @Field(() => Boolean)
  @Property({ type: "boolean" })
  notificationsEnabled: boolean = true;

  @Field(() => DigestFrequency)
  @Enum({ items: () => DigestFrequency, type: "string" })
  digest: DigestFrequency = DigestFrequency.OFF;

  @Field(() => Date)
  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
