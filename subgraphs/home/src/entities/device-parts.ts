import { GraphQLJSON } from "graphql-scalars";
import { Field, ObjectType } from "type-graphql";
import type { AttributeValue } from "../hubitat/types.js";

/**
 * One attribute as stored in `devices.attributes` and shown in GraphQL. `value` is JSON cast by
 * the hub's dataType (NUMBER a number, BOOL a boolean, JSON_OBJECT an object or list, the rest
 * strings), so a client compares `level >= 50` without parsing.
 */
@ObjectType("DeviceAttribute", { description: "An attribute of a device with its current value." })
export class StoredAttribute {
  @Field(() => String)
  name!: string;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: "JSON: a number for NUMBER, a boolean for BOOL, an object for JSON_OBJECT, else a string.",
  })
  value!: AttributeValue;

  @Field(() => String, { nullable: true, description: "The hub's dataType: NUMBER, ENUM, STRING, JSON_OBJECT..." })
  dataType!: string | null;

  @Field(() => [String], { nullable: true, description: "The values an ENUM may take, when the hub lists them." })
  values?: string[] | null;

  @Field(() => String, { nullable: true })
  unit?: string | null;

  @Field(() => Date, { nullable: true, description: "When the value last changed, as far as Homegraph saw." })
  updatedAt?: Date | string | null;
}

@ObjectType("DeviceCommand", { description: "A command the device's driver accepts." })
export class StoredCommand {
  @Field(() => String)
  name!: string;

  @Field(() => [String], { description: "Argument types in order (NUMBER, STRING, ENUM, COLOR_MAP...); [] for none." })
  argTypes!: string[];
}
