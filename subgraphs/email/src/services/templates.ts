import Handlebars from "handlebars";
import { BadUserInputError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { EmailTemplate } from "../entities/email-template.entity.js";
import { EmailKind } from "../entities/enums.js";

/** An engine of our own, so no helper or partial registered elsewhere leaks into mail. */
const engine = Handlebars.create();

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateSource {
  subject: string;
  text: string;
  html: string;
}

/** Variables every template may use besides the caller's. */
export interface TemplateGlobals {
  publicUrl: string;
  appName: string;
}

type Compiled = HandlebarsTemplateDelegate;

/**
 * Compiled templates by source: a bulk send renders one template for every address, and compiling
 * was most of its cost. Bounded, oldest out first, since drafts being previewed pass through too.
 */
const compiled = new Map<string, Compiled>();
const COMPILED_MAX = 200;

function compile(source: string, field: string, escape: boolean): Compiled {
  const key = `${escape ? "e" : "n"}:${source}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  let fn: Compiled;
  try {
    // strict: off so a missing variable renders empty rather than failing a queued mail later.
    fn = engine.compile(source, { noEscape: !escape, strict: false });
    // Handlebars compiles lazily: run it once so syntax errors surface at save time.
    fn({});
  } catch (err) {
    throw new BadUserInputError(`${field} is not a valid template: ${(err as Error).message.split("\n")[0]}`, field);
  }
  if (compiled.size >= COMPILED_MAX) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, fn);
  return fn;
}

/** Refuses a template that does not compile, naming the part that is wrong. */
export function checkTemplateSyntax(source: Partial<TemplateSource>): void {
  if (source.subject !== undefined) compile(source.subject, "subject", false);
  if (source.text !== undefined) compile(source.text, "text", false);
  if (source.html !== undefined) compile(source.html, "html", true);
}

/**
 * Renders a template. The HTML body escapes every `{{variable}}`; subject and text are plain text,
 * so escaping would only garble them (a subject is checked for line breaks afterwards instead).
 */
export function renderTemplate(
  template: TemplateSource,
  variables: Record<string, unknown>,
  globals: TemplateGlobals,
): RenderedMail {
  const data = { ...variables, ...globals };
  return {
    subject: compile(template.subject, "subject", false)(data).trim(),
    text: compile(template.text, "text", false)(data),
    html: compile(template.html, "html", true)(data),
  };
}

/** HTML for a plain-text body given without one: escaped, line breaks kept. */
export function textToHtml(text: string): string {
  const escaped = engine.Utils.escapeExpression(text);
  return `<!doctype html><html><body><div style="font-family:sans-serif;white-space:pre-wrap">${escaped}</div></body></html>`;
}

const layout = (body: string) =>
  `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#222">${body}` +
  `<p style="color:#888;font-size:12px">{{appName}} · <a href="{{publicUrl}}">{{publicUrl}}</a></p></body></html>`;

export interface BuiltInTemplate extends TemplateSource {
  key: string;
  name: string;
  kind: EmailKind;
}

/** Created on first start, editable afterwards; never overwritten once an admin changed them. */
export const BUILT_IN_TEMPLATES: BuiltInTemplate[] = [
  {
    key: "welcome",
    name: "Welcome / invite",
    kind: EmailKind.SECURITY,
    subject: "Welcome to {{appName}}",
    text:
      "Hello {{displayName}},\n\n{{#if invitedBy}}{{invitedBy}} invited you to{{else}}You now have an account on{{/if}} " +
      "the household's {{appName}}.\n\nSet your password here (the link works once{{#if expiresIn}}, for {{expiresIn}}{{/if}}):\n" +
      "{{setPasswordUrl}}\n",
    html: layout(
      "<p>Hello {{displayName}},</p><p>{{#if invitedBy}}{{invitedBy}} invited you to{{else}}You now have an account on{{/if}} " +
        'the household\'s {{appName}}.</p><p><a href="{{setPasswordUrl}}">Set your password</a> ' +
        "(the link works once{{#if expiresIn}}, for {{expiresIn}}{{/if}}).</p>",
    ),
  },
  {
    key: "password-reset",
    name: "Password reset",
    kind: EmailKind.SECURITY,
    subject: "Reset your {{appName}} password",
    text:
      "Hello {{displayName}},\n\nSomeone (hopefully you) asked to reset your password. Choose a new one here " +
      "(the link works once{{#if expiresIn}}, for {{expiresIn}}{{/if}}):\n{{resetUrl}}\n\n" +
      "{{#if resetCode}}Or enter this code on the reset page: {{resetCode}}\n\n{{/if}}" +
      "If it was not you, ignore this mail: your password stays as it is.\n",
    html: layout(
      "<p>Hello {{displayName}},</p><p>Someone (hopefully you) asked to reset your password.</p>" +
        '<p><a href="{{resetUrl}}">Choose a new password</a> (the link works once{{#if expiresIn}}, for {{expiresIn}}{{/if}}).</p>' +
        "{{#if resetCode}}<p>Or enter this code on the reset page: <strong>{{resetCode}}</strong></p>{{/if}}" +
        "<p>If it was not you, ignore this mail: your password stays as it is.</p>",
    ),
  },
  {
    key: "security-notice",
    name: "Security notice",
    kind: EmailKind.SECURITY,
    subject: "{{appName}}: {{event}}",
    text:
      "Hello {{displayName}},\n\n{{event}}{{#if when}} on {{when}}{{/if}}{{#if device}} from {{device}}{{/if}}.\n\n" +
      "If this was not you, reset your password at {{publicUrl}}.\n" +
      "{{#if signOutUrl}}\nNot you? Sign out everywhere: {{signOutUrl}}\n{{/if}}",
    html: layout(
      "<p>Hello {{displayName}},</p><p>{{event}}{{#if when}} on {{when}}{{/if}}{{#if device}} from {{device}}{{/if}}.</p>" +
        '<p>If this was not you, <a href="{{publicUrl}}">reset your password</a>.</p>' +
        '{{#if signOutUrl}}<p>Not you? <a href="{{signOutUrl}}">Sign out everywhere</a>.</p>{{/if}}',
    ),
  },
  {
    key: "email-change",
    name: "Confirm a new e-mail address",
    kind: EmailKind.SECURITY,
    subject: "Confirm your new {{appName}} e-mail address",
    text:
      "Hello {{displayName}},\n\nYou asked to use {{newEmail}} for your {{appName}} account. Confirm it here " +
      "(the link works once{{#if expiresIn}}, for {{expiresIn}}{{/if}}):\n{{confirmUrl}}\n\n" +
      "{{#if confirmCode}}Or enter this code on your profile page: {{confirmCode}}\n\n{{/if}}" +
      "If it was not you, ignore this mail: nothing changes until the address is confirmed.\n",
    html: layout(
      "<p>Hello {{displayName}},</p><p>You asked to use {{newEmail}} for your {{appName}} account.</p>" +
        '<p><a href="{{confirmUrl}}">Confirm this address</a> (the link works once{{#if expiresIn}}, for {{expiresIn}}{{/if}}).</p>' +
        "{{#if confirmCode}}<p>Or enter this code on your profile page: <strong>{{confirmCode}}</strong></p>{{/if}}" +
        "<p>If it was not you, ignore this mail: nothing changes until the address is confirmed.</p>",
    ),
  },
  {
    key: "device-notification",
    name: "Device notification",
    kind: EmailKind.NOTIFICATION,
    subject: "{{device}}: {{event}}",
    text: "{{device}}{{#if room}} ({{room}}){{/if}}: {{event}}{{#if when}} at {{when}}{{/if}}.\n\n{{publicUrl}}\n",
    html: layout(
      "<p><strong>{{device}}</strong>{{#if room}} ({{room}}){{/if}}: {{event}}{{#if when}} at {{when}}{{/if}}.</p>",
    ),
  },
  {
    key: "notification",
    name: "Notification",
    kind: EmailKind.NOTIFICATION,
    subject: "{{title}}",
    text: "{{title}}\n\n{{body}}\n{{#if link}}\n{{link}}\n{{/if}}",
    html: layout(
      '<p><strong>{{title}}</strong></p><p style="white-space:pre-wrap">{{body}}</p>{{#if link}}<p><a href="{{link}}">Open in {{appName}}</a></p>{{/if}}',
    ),
  },
  {
    key: "security-notification",
    name: "Security notification",
    kind: EmailKind.SECURITY,
    subject: "{{title}}",
    text: "{{title}}\n\n{{body}}\n{{#if link}}\n{{link}}\n{{/if}}",
    html: layout(
      '<p><strong>{{title}}</strong></p><p style="white-space:pre-wrap">{{body}}</p>{{#if link}}<p><a href="{{link}}">Open in {{appName}}</a></p>{{/if}}',
    ),
  },
  {
    key: "activity-digest",
    name: "Activity digest",
    kind: EmailKind.DIGEST,
    subject: "{{appName}}: your home {{period}}",
    text: "Hello {{displayName}},\n\nWhat happened {{period}}:\n{{#each items}}- {{this}}\n{{/each}}\n{{publicUrl}}\n",
    html: layout(
      "<p>Hello {{displayName}},</p><p>What happened {{period}}:</p><ul>{{#each items}}<li>{{this}}</li>{{/each}}</ul>",
    ),
  },
];

/** Inserts the built-in templates that are missing; concurrent replicas race harmlessly. */
export async function ensureBuiltInTemplates(em: EntityManager): Promise<void> {
  for (const t of BUILT_IN_TEMPLATES) {
    await em.execute(
      `insert into "email"."email_templates" ("key", "name", "kind", "subject", "html", "text", "built_in")
       values (?, ?, ?, ?, ?, ?, true) on conflict ("key") do nothing`,
      [t.key, t.name, t.kind, t.subject, t.html, t.text],
    );
  }
}

export async function findTemplate(em: EntityManager, key: string): Promise<EmailTemplate | null> {
  return em.findOne(EmailTemplate, { key });
}
