import { BadUserInputError, ConflictError, NotFoundError } from "@homegraph/common";
import { UniqueConstraintViolationException } from "@mikro-orm/core";
import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { EmailContext } from "../context.js";
import { EmailTemplate } from "../entities/email-template.entity.js";
import { EmailKind } from "../entities/enums.js";
import { requireCaller } from "../identity.js";
import { checkTemplateSyntax, findTemplate, renderTemplate } from "../services/templates.js";
import {
  LIMITS,
  checkBody,
  checkHeader,
  checkRequired,
  checkTemplateKey,
  checkVariables,
} from "../services/validation.js";
import { CreateEmailTemplateInput, EmailDraftInput, EmailPreview, UpdateEmailTemplateInput } from "./types.js";

async function templateOr404(ctx: EmailContext, key: string): Promise<EmailTemplate> {
  const template = await findTemplate(ctx.em, checkTemplateKey(key, "key"));
  if (!template) throw new NotFoundError(`There is no email template "${key}".`);
  return template;
}

function checkTemplateFields(input: {
  [K in keyof CreateEmailTemplateInput]?: CreateEmailTemplateInput[K] | null;
}): void {
  if (input.name !== undefined && input.name !== null) {
    checkHeader(checkRequired(input.name, "name"), "name", LIMITS.templateName);
  }
  if (input.subject !== undefined && input.subject !== null)
    checkHeader(checkRequired(input.subject, "subject"), "subject");
  if (input.text !== undefined && input.text !== null)
    checkBody(checkRequired(input.text, "text"), "text", LIMITS.text);
  if (input.html !== undefined && input.html !== null)
    checkBody(checkRequired(input.html, "html"), "html", LIMITS.html);
  checkTemplateSyntax({
    subject: input.subject ?? undefined,
    text: input.text ?? undefined,
    html: input.html ?? undefined,
  });
}

@Resolver(() => EmailTemplate)
export class EmailTemplateResolver {
  @Authorized("ADMIN")
  @Query(() => [EmailTemplate], { description: "Every mail template, by key (admins)." })
  emailTemplates(@Ctx() ctx: EmailContext): Promise<EmailTemplate[]> {
    requireCaller(ctx, "ADMIN");
    return ctx.em.find(EmailTemplate, {}, { orderBy: { key: "asc" } });
  }

  @Authorized("ADMIN")
  @Query(() => EmailTemplate, { nullable: true, description: "The mail template with this key, or null (admins)." })
  emailTemplate(@Arg("key", () => String) key: string, @Ctx() ctx: EmailContext): Promise<EmailTemplate | null> {
    requireCaller(ctx, "ADMIN");
    return findTemplate(ctx.em, checkTemplateKey(key, "key"));
  }

  @Authorized("ADMIN")
  @Mutation(() => EmailTemplate, { description: "Adds a mail template (admins)." })
  async createEmailTemplate(
    @Arg("input", () => CreateEmailTemplateInput) input: CreateEmailTemplateInput,
    @Ctx() ctx: EmailContext,
  ): Promise<EmailTemplate> {
    const caller = requireCaller(ctx, "ADMIN");
    checkTemplateKey(input.key, "key");
    checkTemplateFields(input);
    const template = ctx.em.create(EmailTemplate, {
      key: input.key,
      name: input.name,
      kind: input.kind ?? EmailKind.NOTIFICATION,
      subject: input.subject,
      html: input.html,
      text: input.text,
      updatedBy: caller.userId,
    });
    try {
      await ctx.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new ConflictError(`A template with the key "${input.key}" already exists.`);
      }
      throw err;
    }
    return template;
  }

  @Authorized("ADMIN")
  @Mutation(() => EmailTemplate, { description: "Changes the mail template with this key (admins)." })
  async updateEmailTemplate(
    @Arg("key", () => String) key: string,
    @Arg("input", () => UpdateEmailTemplateInput) input: UpdateEmailTemplateInput,
    @Ctx() ctx: EmailContext,
  ): Promise<EmailTemplate> {
    const caller = requireCaller(ctx, "ADMIN");
    const template = await templateOr404(ctx, key);
    checkTemplateFields(input);
    if (input.name) template.name = input.name;
    if (input.kind) template.kind = input.kind;
    if (input.subject) template.subject = input.subject;
    if (input.html) template.html = input.html;
    if (input.text) template.text = input.text;
    template.updatedBy = caller.userId;
    await ctx.em.flush();
    return template;
  }

  @Authorized("ADMIN")
  @Mutation(() => Boolean, { description: "Built-in templates cannot be deleted, only edited." })
  async deleteEmailTemplate(@Arg("key", () => String) key: string, @Ctx() ctx: EmailContext): Promise<boolean> {
    requireCaller(ctx, "ADMIN");
    const template = await templateOr404(ctx, key);
    if (template.builtIn) throw new BadUserInputError(`"${key}" is built in: edit it instead.`, "key");
    await ctx.em.removeAndFlush(template);
    return true;
  }

  @Authorized("ADMIN")
  @Query(() => EmailPreview, { description: "The template rendered with these variables; nothing is sent." })
  async previewEmailTemplate(
    @Arg("key", () => String) key: string,
    @Arg("variables", () => GraphQLJSONObject, { nullable: true }) variables: Record<string, unknown> | undefined,
    @Ctx() ctx: EmailContext,
  ): Promise<EmailPreview> {
    requireCaller(ctx, "ADMIN");
    const template = await templateOr404(ctx, key);
    const { publicUrl } = ctx.services.config;
    return renderTemplate(template, checkVariables(variables), { publicUrl, appName: "Homegraph" });
  }

  @Authorized("ADMIN")
  @Query(() => EmailPreview, {
    description: "Unsaved template parts rendered with these variables, checked as a save would; nothing is sent.",
  })
  previewEmailDraft(
    @Arg("draft", () => EmailDraftInput) draft: EmailDraftInput,
    @Arg("variables", () => GraphQLJSONObject, { nullable: true }) variables: Record<string, unknown> | undefined,
    @Ctx() ctx: EmailContext,
  ): EmailPreview {
    requireCaller(ctx, "ADMIN");
    checkTemplateFields(draft);
    const { publicUrl } = ctx.services.config;
    return renderTemplate(draft, checkVariables(variables), { publicUrl, appName: "Homegraph" });
  }
}
