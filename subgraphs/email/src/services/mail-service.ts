import { randomUUID } from "node:crypto";
import { BadUserInputError, type Logger } from "@homegraph/common";
import { UniqueConstraintViolationException } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { EmailConfig } from "../config.js";
import { BulkRun } from "../entities/bulk-run.entity.js";
import { EmailLog } from "../entities/email-log.entity.js";
import { EmailPreference } from "../entities/email-preference.entity.js";
import { DigestFrequency, EmailKind, EmailStatus } from "../entities/enums.js";
import { EmailSuppression } from "../entities/unsubscribe.entity.js";
import type { EmailQueue } from "./queue.js";
import { findTemplate, renderTemplate, textToHtml, type RenderedMail } from "./templates.js";
import {
  LIMITS,
  checkAddress,
  checkBody,
  checkHeader,
  checkIdempotencyKey,
  checkRequired,
  checkTemplateKey,
  checkVariables,
} from "./validation.js";

export interface SendRequest {
  to: string;
  userId?: number | null;
  subject?: string | null;
  /** Plain-text body. */
  body?: string | null;
  html?: string | null;
  templateKey?: string | null;
  variables?: Record<string, unknown> | null;
  kind?: EmailKind | null;
  idempotencyKey?: string | null;
}

export interface BulkRequest {
  to: string[];
  subject?: string | null;
  body?: string | null;
  html?: string | null;
  templateKey?: string | null;
  variables?: Record<string, unknown> | null;
  idempotencyKey?: string | null;
}

export interface BulkProgress {
  run: BulkRun;
  queued: number;
  sent: number;
  failed: number;
  suppressed: number;
}

interface Content {
  kind: EmailKind;
  templateKey: string | null;
  render: (extra: Record<string, unknown>) => RenderedMail;
}

/** Accepts mail: validates it, writes the log row and its job in one transaction, wakes the workers. */
export class MailService {
  constructor(
    private readonly config: EmailConfig,
    private readonly queue: () => EmailQueue | undefined,
    private readonly logger: Logger,
  ) {}

  private globals() {
    return { publicUrl: this.config.publicUrl, appName: "Homegraph" };
  }

  /** Checks the content fields and returns how to render them for one recipient. */
  private async content(em: EntityManager, req: Omit<SendRequest, "to">): Promise<Content> {
    if (req.templateKey) {
      const key = checkTemplateKey(req.templateKey);
      const template = await findTemplate(em, key);
      if (!template) throw new BadUserInputError(`There is no email template "${key}".`, "templateKey");
      const variables = checkVariables(req.variables);
      return {
        kind: template.kind,
        templateKey: key,
        render: (extra) => {
          const mail = renderTemplate(template, { ...variables, ...extra }, this.globals());
          // A variable may not smuggle a header line into the subject.
          if (/[\r\n]/.test(mail.subject)) {
            throw new BadUserInputError("variables put a line break into the subject.", "variables");
          }
          checkHeader(mail.subject, "subject");
          return mail;
        },
      };
    }
    const subject = checkHeader(checkRequired(req.subject, "subject"), "subject");
    const text = checkBody(checkRequired(req.body, "body"), "body", LIMITS.text);
    const html = req.html ? checkBody(req.html, "html", LIMITS.html) : textToHtml(text);
    return {
      kind: req.kind ?? EmailKind.NOTIFICATION,
      templateKey: null,
      render: () => ({ subject, text, html }),
    };
  }

  /** Why `kind` mail must not go to this person, or undefined when it may. Security mail always may. */
  private async suppressedBecause(
    em: EntityManager,
    kind: EmailKind,
    userId: number | null,
    address: string,
  ): Promise<string | undefined> {
    if (kind === EmailKind.SECURITY) return undefined;
    if (userId !== null) {
      const prefs = await em.findOne(EmailPreference, { userId });
      if (prefs && kind === EmailKind.NOTIFICATION && !prefs.notificationsEnabled) {
        return "The person turned notifications off.";
      }
      if (prefs && kind === EmailKind.DIGEST && prefs.digest === DigestFrequency.OFF) {
        return "The person turned the digest off.";
      }
    }
    const suppressed = await em.count(EmailSuppression, { address: address.toLowerCase(), kind });
    return suppressed ? "The address unsubscribed from this kind of mail." : undefined;
  }

  /** Sends one mail; a second request with the same idempotency key returns the first one's row. */
  async send(em: EntityManager, req: SendRequest): Promise<EmailLog> {
    const to = checkAddress(checkRequired(req.to, "to"));
    const idempotencyKey = checkIdempotencyKey(req.idempotencyKey) ?? randomUUID();
    const existing = await em.findOne(EmailLog, { idempotencyKey });
    if (existing) return existing;
    const content = await this.content(em, req);
    const userId = req.userId ?? null;
    const mail = content.render({ email: to });
    const suppressed = await this.suppressedBecause(em, content.kind, userId, to);
    try {
      const log = await em.transactional(async (tx) => {
        const row = tx.create(EmailLog, {
          userId,
          recipient: to,
          subject: mail.subject,
          bodyText: mail.text,
          bodyHtml: mail.html,
          kind: content.kind,
          templateKey: content.templateKey,
          idempotencyKey,
          status: suppressed ? EmailStatus.SUPPRESSED : EmailStatus.QUEUED,
          lastError: suppressed ?? null,
        });
        await tx.flush();
        if (!suppressed) await this.requireQueue().enqueue(tx, [row.id]);
        return row;
      });
      this.queue()?.notify();
      this.logger.info({ emailId: log.id, status: log.status, kind: log.kind }, "email accepted");
      return log;
    } catch (err) {
      // Two identical requests at once: the loser answers with the winner's row.
      if (err instanceof UniqueConstraintViolationException) {
        const winner = await em.fork().findOne(EmailLog, { idempotencyKey });
        if (winner) return winner;
      }
      throw err;
    }
  }

  /** One mail per distinct address, all accepted in one transaction, grouped under a bulk run. */
  async sendBulk(em: EntityManager, req: BulkRequest, requestedBy: number | null): Promise<BulkProgress> {
    if (!Array.isArray(req.to) || req.to.length === 0)
      throw new BadUserInputError("to needs at least one address.", "to");
    if (req.to.length > this.config.bulkMax) {
      throw new BadUserInputError(`to may hold at most ${this.config.bulkMax} addresses.`, "to");
    }
    const seen = new Set<string>();
    const addresses: string[] = [];
    req.to.forEach((raw, i) => {
      const address = checkAddress(String(raw ?? ""), `to[${i}]`);
      if (!seen.has(address.toLowerCase())) {
        seen.add(address.toLowerCase());
        addresses.push(address);
      }
    });
    const idempotencyKey = checkIdempotencyKey(req.idempotencyKey) ?? null;
    if (idempotencyKey) {
      const existing = await em.findOne(BulkRun, { idempotencyKey });
      if (existing) return this.progress(em, existing);
    }
    const content = await this.content(em, req);
    const rendered = addresses.map((address) => ({ address, mail: content.render({ email: address }) }));
    const suppressedRows =
      content.kind === EmailKind.SECURITY
        ? []
        : await em.find(EmailSuppression, { address: { $in: [...seen] }, kind: content.kind });
    const suppressed = new Set(suppressedRows.map((s) => s.address));
    try {
      const run = await em.transactional(async (tx) => {
        const run = tx.create(BulkRun, {
          templateKey: content.templateKey,
          subject: rendered[0]!.mail.subject,
          total: rendered.length,
          requestedBy,
          idempotencyKey,
        });
        await tx.flush();
        const batchKey = idempotencyKey ?? randomUUID();
        const rows = rendered.map(({ address, mail }) => {
          const isSuppressed = suppressed.has(address.toLowerCase());
          return {
            recipient: address,
            subject: mail.subject,
            bodyText: mail.text,
            bodyHtml: mail.html,
            kind: content.kind,
            templateKey: content.templateKey,
            idempotencyKey: `bulk:${batchKey}:${address.toLowerCase()}`.slice(0, 255),
            bulkRunId: run.id,
            status: isSuppressed ? EmailStatus.SUPPRESSED : EmailStatus.QUEUED,
            lastError: isSuppressed ? "The address unsubscribed from this kind of mail." : null,
            attempts: 0,
            sentAt: null,
            createdAt: new Date(),
            updatedAt: new Date(),
          };
        });
        await tx.insertMany(EmailLog, rows);
        // insertMany's return value is not every id on PostgreSQL; ask the transaction instead.
        const queued: { id: number }[] = await tx.execute(
          `select id from "email"."email_logs" where bulk_run_id = ? and status = 'QUEUED' order by id`,
          [run.id],
        );
        await this.requireQueue().enqueue(
          tx,
          queued.map((r) => r.id),
        );
        return run;
      });
      this.queue()?.notify();
      this.logger.info({ bulkRunId: run.id, total: run.total }, "bulk email accepted");
      return this.progress(em, run);
    } catch (err) {
      if (idempotencyKey && err instanceof UniqueConstraintViolationException) {
        const winner = await em.fork().findOne(BulkRun, { idempotencyKey });
        if (winner) return this.progress(em, winner);
      }
      throw err;
    }
  }

  async progress(em: EntityManager, run: BulkRun): Promise<BulkProgress> {
    const rows: { status: string; count: string }[] = await em.execute(
      `select status, count(*) as count from "email"."email_logs" where bulk_run_id = ? group by status`,
      [run.id],
    );
    const n = (s: EmailStatus) => Number(rows.find((r) => r.status === s)?.count ?? 0);
    return {
      run,
      queued: n(EmailStatus.QUEUED) + n(EmailStatus.SENDING),
      sent: n(EmailStatus.SENT),
      failed: n(EmailStatus.FAILED),
      suppressed: n(EmailStatus.SUPPRESSED),
    };
  }

  private requireQueue(): EmailQueue {
    const queue = this.queue();
    if (!queue) throw new Error("email queue is not running");
    return queue;
  }
}
