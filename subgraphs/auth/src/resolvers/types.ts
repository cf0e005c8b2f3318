export { pageOf, PageInput } from "@homegraph/common";
import { Paginated } from "@homegraph/common";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { AuditEvent, AuditLogEntry } from "../entities/audit-log.entity.js";
import { Role, User } from "../entities/user.entity.js";

@ObjectType({ description: "A signed-in session: a short-lived access token and the refresh token that renews it." })
export class AuthPayload {
  @Field(() => String, { description: "JWT for `Authorization: Bearer`, valid until `expiresAt`." })
  accessToken!: string;

  @Field(() => String, { description: "Opaque; exchange it once with refreshToken for a new pair." })
  refreshToken!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Date, { description: "When the refresh token stops working if unused (idle or absolute limit)." })
  refreshTokenExpiresAt!: Date;

  @Field(() => User)
  user!: User;
}

@ObjectType({ description: "A device signed in as you." })
export class Session {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastUsedAt!: Date;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true })
  userAgent?: string | null;

  @Field(() => String, { nullable: true })
  ip?: string | null;

  @Field(() => Boolean, { description: "The session this request was made with." })
  current!: boolean;
}

@ObjectType({ description: "Who a valid access token speaks for." })
export class TokenIdentity {
  @Field(() => ID)
  userId!: number;

  @Field(() => ID)
  sessionId!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String)
  tokenId!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType({ description: "One page of the household's people." })
export class UserPage extends Paginated(User) {}

@ObjectType({ description: "One page of the audit log, newest first." })
export class AuditLogPage extends Paginated(AuditLogEntry) {}

@ObjectType({ description: "A system setting; values are JSON (`true`, `5`)." })
export class SystemSettingEntry {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  value!: string;

  @Field(() => String)
  defaultValue!: string;

  @Field(() => String, { description: "boolean, integer or choice" })
  type!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Int, { nullable: true, description: "The smallest value an integer setting takes." })
  min?: number;

  @Field(() => Int, { nullable: true, description: "The largest value an integer setting takes." })
  max?: number;

  @Field(() => [String], { nullable: true, description: "The values a choice setting takes." })
  choices?: string[];

  @Field(() => Date, { nullable: true })
  updatedAt?: Date;
}

@InputType({ description: "Narrows the audit log by person, kinds of event and time span." })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: "Events about this person." })
  userId?: string | null;

  @Field(() => [AuditEvent], { nullable: true })
  eventTypes?: AuditEvent[] | null;

  @Field(() => Date, { nullable: true })
  since?: Date | null;

  @Field(() => Date, { nullable: true })
  until?: Date | null;
}

@InputType({ description: "What a person may change about themself. Role and email are not here, on purpose." })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;
}
