import { Field, ID, ObjectType } from "type-graphql";

@ObjectType("ApiToken", { description: "One of your API tokens, as listed: never its secret." })
export class ApiTokenView {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "Null: never expires (until revoked)." })
  expiresAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "When it was last exchanged for an access token (to the minute); null if never used.",
  })
  lastUsedAt?: Date | null;
}

@ObjectType("CreatedApiToken", { description: "A new API token: `token` is shown this once and never again." })
export class CreatedApiToken {
  @Field(() => String, { description: "The secret, `hgp_…`: send it as `Authorization: Bearer hgp_…`." })
  token!: string;

  @Field(() => ApiTokenView)
  apiToken!: ApiTokenView;
}

@ObjectType({ description: "A short-lived access token exchanged for an API token." })
export class ApiTokenAccess {
  @Field(() => String, { description: "JWT for `Authorization: Bearer`; never passes a step-up check." })
  accessToken!: string;

  @Field(() => Date)
  expiresAt!: Date;
}
