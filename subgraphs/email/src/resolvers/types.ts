export { PageInput } from "@homegraph/common";
import { Paginated } from "@homegraph/common";
import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { DevMailboxMessage } from "../entities/dev-mailbox.entity.js";
import { EmailLog } from "../entities/email-log.entity.js";
import { DigestFrequency, EmailKind, EmailStatus } from "../entities/enums.js";

@InputType({ description: "One mail: either subject and body, or a template and its variables." })
export class SendEmailInput {
  @Field(() => String)
  to!: string;

  @Field(() => Int, { nullable: true, description: "The user the mail is for; their preferences apply." })
  userId?: number | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Plain-text body; an HTML part is made from it unless html is given.",
  })
  body?: string | null;

  @Field(() => String, { nullable: true })
  html?: string | null;

  @Field(() => String, { nullable: true })
  templateKey?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  variables?: Record<string, unknown> | null;

  @Field(() => EmailKind, { nullable: true, description: "Without a template: NOTIFICATION unless said otherwise." })
  kind?: EmailKind | null;

  @Field(() => String, {
    nullable: true,
    description: "A repeated request with the same key sends nothing more and returns the first mail.",
  })
  idempotencyKey?: string | null;
}

@InputType({
  description: "A mail to send to many people at once: listed addresses, everyone with a role, or everyone.",
})
export class SendBulkEmailInput {
  @Field(() => [String], { nullable: true, description: "Addresses; duplicates are sent once." })
  to?: string[] | null;

  @Field(() => String, { nullable: true, description: "Everyone with this role (needs the auth user directory)." })
  role?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Every user (needs the auth user directory)." })
  allUsers?: boolean | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field(() => String, { nullable: true })
  html?: string | null;

  @Field(() => String, { nullable: true })
  templateKey?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  variables?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;
}

@ObjectType({ description: "A bulk send and how far it got." })
export class BulkEmailRun {
  @Field(() => ID)
  id!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => String, { nullable: true })
  templateKey?: string | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => Int)
  total!: number;

  @Field(() => Int, { description: "Waiting or being sent." })
  queued!: number;

  @Field(() => Int)
  sent!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int, { description: "Not sent: the address unsubscribed." })
  suppressed!: number;

  @Field(() => Boolean)
  done!: boolean;
}

@InputType({ description: "Narrows the mail log by status, kind, recipient, person or bulk run." })
export class EmailLogFilter {
  @Field(() => EmailStatus, { nullable: true })
  status?: EmailStatus | null;

  @Field(() => EmailKind, { nullable: true })
  kind?: EmailKind | null;

  @Field(() => String, { nullable: true })
  recipient?: string | null;

  @Field(() => Int, { nullable: true, description: "Admins only; members always see their own." })
  userId?: number | null;

  @Field(() => ID, { nullable: true })
  bulkRunId?: string | null;

  @Field(() => String, { nullable: true })
  templateKey?: string | null;
}

@ObjectType({ description: "One page of the mail log, newest first." })
export class EmailLogPage extends Paginated(EmailLog) {}

@ObjectType({ description: "One page of the development mailbox (mail caught instead of delivered)." })
export class DevMailboxPage {
  @Field(() => [DevMailboxMessage])
  items!: DevMailboxMessage[];

  @Field(() => Int)
  total!: number;

  @Field(() => Boolean, { description: "False when SMTP_URL is set: mail goes to a real server, not here." })
  enabled!: boolean;
}

@InputType({ description: "A new mail template." })
export class CreateEmailTemplateInput {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => EmailKind, { nullable: true })
  kind?: EmailKind | null;

  @Field(() => String)
  subject!: string;

  @Field(() => String)
  html!: string;

  @Field(() => String)
  text!: string;
}

@InputType({ description: "Changes to a mail template; fields left out stay as they are." })
export class UpdateEmailTemplateInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => EmailKind, { nullable: true })
  kind?: EmailKind | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  html?: string | null;

  @Field(() => String, { nullable: true })
  text?: string | null;
}

@InputType({ description: "A template's parts as an editor holds them, before they are saved." })
export class EmailDraftInput {
  @Field(() => String)
  subject!: string;

  @Field(() => String)
  html!: string;

  @Field(() => String)
  text!: string;
}

@ObjectType({
  description: "A template or draft rendered with the given variables, as it would be sent; nothing is sent.",
})
export class EmailPreview {
  @Field(() => String)
  subject!: string;

  @Field(() => String)
  text!: string;

  @Field(() => String)
  html!: string;
}

@InputType({ description: "Changes to your mail preferences; fields left out stay as they are." })
export class UpdateEmailPreferencesInput {
  @Field(() => Boolean, { nullable: true })
  notificationsEnabled?: boolean | null;

  @Field(() => DigestFrequency, { nullable: true })
  digest?: DigestFrequency | null;
}
