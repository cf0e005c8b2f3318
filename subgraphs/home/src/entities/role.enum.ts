import { registerEnumType } from "type-graphql";

/** The same roles as auth's Role (auth owns them): composition needs the enum identical in both. */
export enum Role {
  ADMIN = "ADMIN",
  MEMBER = "MEMBER",
  GUEST = "GUEST",
}
registerEnumType(Role, { name: "Role", description: "What a person may do in the household's Homegraph." });
