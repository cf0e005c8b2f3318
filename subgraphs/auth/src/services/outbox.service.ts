import { traceCarrier } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { OutboxEmail } from "../entities/outbox-email.entity.js";
import type { SecretBox } from "./crypto.js";

/** The email service's built-in template keys (subgraphs/email/src/services/templates.ts), and their variables. */
export type EmailTemplate = "welcome" | "password-reset" | "security-notice" | "email-change";

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

  /** For the hand-off: the variables with the secret ones opened. */
  variablesOf(row: Pick<OutboxEmail, "variables" | "secretVariablesEnc">): Record<string, unknown> {
    const secret = row.secretVariablesEnc ? (JSON.parse(this.box.open(row.secretVariablesEnc)) as object) : {};
    return { ...row.variables, ...secret };
  }
}
