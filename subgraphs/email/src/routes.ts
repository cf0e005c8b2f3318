import { BadUserInputError, ForbiddenError } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import express, { type Express, type Request } from "express";
import { EmailTemplate } from "./entities/email-template.entity.js";
import { EmailKind } from "./entities/enums.js";
import { requireIdentity } from "./identity.js";
import { unsubscribe } from "./services/unsubscribe.js";
import { recordActivity } from "./services/activity.js";
import { EmailTemplateResolver } from "./resolvers/template.resolver.js";
import { recipientsOf } from "./resolvers/email.resolver.js";
import { createContext } from "./context.js";
import { checkNotifyRequest } from "./services/notification-service.js";
import type { EmailRuntime } from "./runtime.js";

type Body = Record<string, unknown>;

function bodyOf(req: Request): Body {
  const body: unknown = req.body;
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new BadUserInputError("Send a JSON object (content-type: application/json).");
  }
  return body as Body;
}

function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new BadUserInputError(`${field} must be a string.`, field);
  return value;
}

function optionalInt(body: Body, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new BadUserInputError(`${field} must be a whole number.`, field);
  }
  return value;
}

function optionalKind(body: Body): EmailKind | undefined {
  const value = optionalString(body, "kind");
  if (value === undefined) return undefined;
  if (!(Object.values(EmailKind) as string[]).includes(value)) {
    throw new BadUserInputError(`kind must be one of ${Object.values(EmailKind).join(", ")}.`, "kind");
  }
  return value as EmailKind;
}

function optionalObject(body: Body, field: string): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value))
    throw new BadUserInputError(`${field} must be an object.`, field);
  return value as Record<string, unknown>;
}

/** The `Idempotency-Key` header, as Stripe and the IETF draft name it, or the body's field. */
function idempotencyKeyOf(req: Request, body: Body): string | undefined {
  const header = req.headers["idempotency-key"];
  return (typeof header === "string" ? header : undefined) ?? optionalString(body, "idempotencyKey");
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/**
 * The seed's REST calls (service or admin token) and one-click unsubscribe (RFC 8058: the mail
 * client POSTs to the List-Unsubscribe URL; a person who opens it gets a page with one button, so
 * link scanners that GET every URL unsubscribe nobody).
 */
export function emailRoutes(runtime: Pick<EmailRuntime, "orm" | "logger" | "services" | "pubSub">) {
  const { services, logger } = runtime;
  return (app: Express) => {
    const em = () => runtime.orm.em.fork() as EntityManager;
    const templates = new EmailTemplateResolver();
    // The resolver's own checks (admin only, template syntax) apply to REST callers as to GraphQL's.
    const ctxFor = (req: Request) =>
      createContext({ em: em(), requestId: req.requestId, logger, identity: req.identity }, services);

    app.post("/send", async (req, res) => {
      requireIdentity(req, "ADMIN_OR_SERVICE");
      const body = bodyOf(req);
      const log = await services.mail.send(em(), {
        to: optionalString(body, "to") ?? "",
        userId: optionalInt(body, "userId"),
        subject: optionalString(body, "subject"),
        body: optionalString(body, "body") ?? optionalString(body, "text"),
        html: optionalString(body, "html"),
        templateKey: optionalString(body, "templateKey"),
        variables: optionalObject(body, "variables"),
        kind: optionalKind(body),
        idempotencyKey: idempotencyKeyOf(req, body),
      });
      res.status(202).json({ id: log.id, status: log.status, idempotencyKey: log.idempotencyKey });
    });

    // The household's activity, contributed by the service that owns each entry (service tokens only):
    // one entry or a list; an entry whose dedupeKey was taken before is not stored again.
    app.post("/activity", async (req, res) => {
      const caller = requireIdentity(req, "ADMIN_OR_SERVICE");
      if (!caller.service) throw new ForbiddenError("Only Homegraph's services contribute activity.");
      const body: unknown = req.body;
      const entries = Array.isArray(body) ? body : body && typeof body === "object" ? [body] : null;
      if (!entries) throw new BadUserInputError("Send an activity entry or a list of them (application/json).");
      const stored = await recordActivity(em(), runtime.pubSub, caller.service, entries);
      res.status(202).json({ accepted: stored.length });
    });

    app.post("/send/bulk", async (req, res) => {
      const caller = requireIdentity(req, "ADMIN_OR_SERVICE");
      const body = bodyOf(req);
      const to = body.to;
      if (to !== undefined && !Array.isArray(to)) throw new BadUserInputError("to must be a list of addresses.", "to");
      const recipients = await recipientsOf(
        {
          to: to?.map((a) => (typeof a === "string" ? a : "")),
          role: optionalString(body, "role"),
          allUsers: body.allUsers === true,
        },
        services.peers,
      );
      const progress = await services.mail.sendBulk(
        em(),
        {
          to: recipients,
          subject: optionalString(body, "subject"),
          body: optionalString(body, "body") ?? optionalString(body, "text"),
          html: optionalString(body, "html"),
          templateKey: optionalString(body, "templateKey"),
          variables: optionalObject(body, "variables"),
          idempotencyKey: idempotencyKeyOf(req, body),
        },
        caller.service ? null : caller.userId,
      );
      const { run, ...counts } = progress;
      res.status(202).json({ id: run.id, total: run.total, ...counts });
    });

    // The notifications contract (README): one row per person, idempotent per (person, dedupeKey).
    app.post("/notifications", async (req, res) => {
      requireIdentity(req, "SERVICE");
      const request = checkNotifyRequest(bodyOf(req));
      const { accepted, created } = await services.notifications.notify(em(), request);
      res.status(202).json({ accepted, created });
    });

    app.get("/templates", async (req, res) => {
      requireIdentity(req, "ADMIN_OR_SERVICE");
      const list = await em().find(EmailTemplate, {}, { orderBy: { key: "asc" } });
      res.json({ templates: list });
    });

    app.post("/templates", async (req, res) => {
      requireIdentity(req, "ADMIN");
      const body = bodyOf(req);
      const template = await templates.createEmailTemplate(
        {
          key: optionalString(body, "key") ?? "",
          name: optionalString(body, "name") ?? "",
          kind: optionalKind(body),
          subject: optionalString(body, "subject") ?? "",
          html: optionalString(body, "html") ?? "",
          text: optionalString(body, "text") ?? "",
        },
        ctxFor(req),
      );
      res.status(201).json(template);
    });

    app.get("/unsubscribe/:token", (req, res) => {
      const action = `/unsubscribe/${encodeURIComponent(req.params.token)}`;
      res
        .status(200)
        .type("html")
        .send(
          page(
            "Unsubscribe",
            `<p>Stop getting this kind of mail from Homegraph? Security mail (password resets, sign-in notices) still arrives.</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`,
          ),
        );
    });

    app.post("/unsubscribe/:token", express.urlencoded({ extended: false, limit: "2kb" }), async (req, res) => {
      const result = await unsubscribe(em(), req.params.token);
      if (!result) {
        res.status(404).type("html").send(page("Link not valid", "<p>This unsubscribe link is not valid.</p>"));
        return;
      }
      logger.info({ kind: result.kind }, "one-click unsubscribe");
      const what = result.kind === EmailKind.DIGEST ? "the activity digest" : "notifications";
      res
        .status(200)
        .type("html")
        .send(page("Unsubscribed", `<p>You will get no more ${what} by email.</p>`));
    });
  };
}
