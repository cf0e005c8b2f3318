import { traceCarrier, type ActivityContribution, type ActivityKindName } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { OutboxEmail } from "../entities/outbox-email.entity.js";
import type { SecretBox } from "./crypto.js";

/** The email service's built-in template keys (subgraphs/email/src/services/templates.ts), and their variables. */
export type EmailTemplate = "welcome" | "password-reset" | "security-notice" | "email-change";

/**
 * The template marker of an activity entry for the household's feed: the row is handed to the email
 * service's POST /activity (its variables are the entry) rather than mailed.
 */
export const ACTIVITY_TEMPLATE = "activity";

/**
 * The template marker of a notification for the person's inbox: handed to the email service's POST
 * /notifications (its variables are the request) rather than mailed.
 */
export const NOTIFICATION_TEMPLATE = "notification";

/** A notification request as the email service's POST /notifications takes it. */
export interface NotificationRequest {
  audience: { userIds: number[] };
  kind: "SECURITY";
  severity: "INFO" | "WARNING" | "CRITICAL";
  title: string;
  body: string;
  url?: string;
  dedupeKey: string;
  channels?: ("IN_APP" | "PUSH" | "EMAIL")[];
}

/** Auth's part of the household's activity feed. */
export type ActivityEntry = ActivityContribution & {
  kind: Extract<ActivityKindName, "SIGN_IN_NEW_BROWSER" | "PASSWORD_CHANGED" | "INVITATION">;
};

/** NOTIFYed in the enqueuing transaction, so an outbox worker wakes the moment the row commits. */
export const OUTBOX_CHANNEL = "homegraph_auth_outbox";

export interface EmailToSend {
  idempotencyKey: string;
  template: EmailTemplate;
  to: string;
  userId?: number;
  variables: Record<string, unknown>;
  /** Variables that grant access (links with a token): sealed at rest. */
  secretVariables?: Record<string, string>;
}

/**
 * Records an email in the caller's transaction. The outbox worker hands PENDING rows to the email
 * service, at least once, with the row's idempotency key, so a retry never sends twice.
 */
export class Outbox {
  constructor(private readonly box: SecretBox) {}

  async enqueue(em: EntityManager, email: EmailToSend): Promise<void> {
    // The request's trace context (none with tracing off): the hand-off continues that trace.
    const trace = traceCarrier();
    await em.insert(OutboxEmail, {
      idempotencyKey: email.idempotencyKey,
      template: email.template,
      to: email.to,
      userId: email.userId ?? null,
      variables: email.variables,
      secretVariablesEnc: email.secretVariables ? this.box.seal(JSON.stringify(email.secretVariables)) : null,
      status: "PENDING",
      attempts: 0,
      createdAt: new Date(),
      nextAttemptAt: new Date(),
      traceparent: trace.traceparent ?? null,
      tracestate: trace.tracestate ?? null,
    });
    await em.execute("select pg_notify(?, '')", [OUTBOX_CHANNEL]);
  }

  /**
   * An activity entry in the caller's transaction, beside the audit row it mirrors: handed to the
   * email service like a mail, so a sign-in never waits for it and nothing is lost while it is away.
   */
  async activity(em: EntityManager, entry: ActivityEntry): Promise<void> {
    await this.handOver(em, ACTIVITY_TEMPLATE, entry.dedupeKey, entry.subjectUserId ?? entry.actorUserId, {
      ...entry,
      at: new Date().toISOString(),
    });
  }

  /** A notification for the person's inbox, in the caller's transaction, handed over like a mail. */
  async notification(em: EntityManager, request: NotificationRequest): Promise<void> {
    await this.handOver(em, NOTIFICATION_TEMPLATE, request.dedupeKey, request.audience.userIds[0], { ...request });
  }

  private async handOver(
    em: EntityManager,
    template: string,
    idempotencyKey: string,
    userId: number | null | undefined,
    variables: Record<string, unknown>,
  ): Promise<void> {
    await em.insert(OutboxEmail, {
      idempotencyKey,
      template,
      to: "",
      userId: userId ?? null,
      variables,
      secretVariablesEnc: null,
      status: "PENDING",
      attempts: 0,
      createdAt: new Date(),
      nextAttemptAt: new Date(),
    });
    await em.execute("select pg_notify(?, '')", [OUTBOX_CHANNEL]);
  }

  /** For the hand-off: the variables with the secret ones opened. */
  variablesOf(row: Pick<OutboxEmail, "variables" | "secretVariablesEnc">): Record<string, unknown> {
    const secret = row.secretVariablesEnc ? (JSON.parse(this.box.open(row.secretVariablesEnc)) as object) : {};
    return { ...row.variables, ...secret };
  }
}
