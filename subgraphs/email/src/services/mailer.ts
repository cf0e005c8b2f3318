import { inSpan, SpanKind } from "@homegraph/common";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";

export interface MailerOptions {
  url: string;
  poolMax: number;
  timeoutMs: number;
  /** The built-in catcher speaks plain SMTP only (its bundled certificate has expired). */
  ignoreTLS?: boolean;
}

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
  close(): void;
}

/** A pooled SMTP transport: connections are reused across mails and reopened after an outage. */
export function createMailer(options: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.poolMax,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs * 2,
    ignoreTLS: options.ignoreTLS ?? false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  // What a trace says about the server: never the URL's credentials.
  const server = new URL(options.url);
  const attributes = {
    "server.address": server.hostname,
    "server.port": Number(server.port || (server.protocol === "smtps:" ? 465 : 587)),
    "network.protocol.name": "smtp",
  };
  return {
    send: (mail) => inSpan("smtp send", { kind: SpanKind.CLIENT, attributes }, () => sendNow(mail)),
    close() {
      transport.close();
    },
  };

  async function sendNow(mail: OutgoingMail): Promise<{ messageId: string; response: string }> {
    const message: Mail.Options = {
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: mail.headers,
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    const info = await transport.sendMail(message);
    return { messageId: String(info.messageId ?? mail.messageId), response: String(info.response ?? "") };
  }
}

/**
 * RFC 5321: a 5xx reply is permanent and the same request must not be repeated; everything else
 * (4xx, refused or dropped connections, timeouts) is worth another try later.
 */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** What the log keeps about a failure: the server's reply when there is one, never a stack. */
export function describeSmtpError(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(err);
  return [e.code, text].filter(Boolean).join(": ").replace(/\s+/g, " ").slice(0, 1000);
}
