import type { EntityManager } from "@mikro-orm/postgresql";
import { OutboxEmail } from "../entities/outbox-email.entity.js";
import type { SecretBox } from "./crypto.js";

export type EmailTemplate = "auth.welcome" | "auth.password-reset" | "auth.security-notice";

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
 * Records an email in the caller's transaction. Delivery (handing PENDING rows to the email
 * service, at least once, with the idempotency key) belongs to the email issue; until it lands the
 * rows stay PENDING.
 */
export class Outbox {
  constructor(private readonly box: SecretBox) {}

  async enqueue(em: EntityManager, email: EmailToSend): Promise<void> {
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
    });
  }

  /** For the hand-off: the variables with the secret ones opened. */
  variablesOf(row: OutboxEmail): Record<string, unknown> {
    const secret = row.secretVariablesEnc ? (JSON.parse(this.box.open(row.secretVariablesEnc)) as object) : {};
    return { ...row.variables, ...secret };
  }
}
