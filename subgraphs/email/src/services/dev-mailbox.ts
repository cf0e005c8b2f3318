import type { AddressInfo } from "node:net";
import type { Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Catcher {
  port: number;
  /** False when another process (a second replica) already listens on the port and catches for us. */
  owned: boolean;
  stop(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

function addressText(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null;
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(", ");
}

/**
 * A real SMTP server for development: mail leaves through the same pooled SMTP transport as in
 * production and lands in `dev_mailbox`, where the newest `keep` messages are kept.
 */
export async function startCatcher(options: {
  host: string;
  port: number;
  keep: number;
  newEm: () => EntityManager;
  logger: Logger;
}): Promise<Catcher> {
  const { logger } = options;
  const server = new SMTPServer({
    // Its bundled certificate has expired; the transport talks plain SMTP to it (ignoreTLS).
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    size: MAX_MESSAGE_BYTES,
    banner: "Homegraph dev mailbox",
    logger: false,
    onData(stream, session, callback) {
      let size = 0;
      stream.on("data", (chunk: Buffer) => (size += chunk.length));
      simpleParser(stream, { skipImageLinks: true })
        .then(async (parsed) => {
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) {
            const value = line.line.slice(line.line.indexOf(":") + 1).trim();
            headers[line.key] = headers[line.key] ? `${headers[line.key]}\n${value}` : value;
          }
          const em = options.newEm();
          await em.execute(
            `insert into "email"."dev_mailbox" (envelope_from, envelope_to, from_header, to_header, subject, message_id, text, html, headers, size)
             values (?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)`,
            [
              session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              JSON.stringify(session.envelope.rcptTo.map((r) => r.address)),
              addressText(parsed.from),
              addressText(parsed.to),
              parsed.subject ?? null,
              parsed.messageId ?? null,
              parsed.text ?? null,
              typeof parsed.html === "string" ? parsed.html : null,
              JSON.stringify(headers),
              size,
            ],
          );
          await em.execute(
            `delete from "email"."dev_mailbox" where id not in (select id from "email"."dev_mailbox" order by id desc limit ?)`,
            [options.keep],
          );
          callback();
        })
        .catch((err: unknown) => {
          logger.error({ err }, "dev mailbox could not store a message");
          // 451: the sender keeps the mail and tries again, as it would with a real server.
          callback(Object.assign(new Error("Could not store the message, try again later"), { responseCode: 451 }));
        });
    },
  });
  server.on("error", (err) => logger.warn({ err }, "dev mailbox SMTP error"));
  try {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.server.once("error", onError);
      server.listen(options.port, options.host, () => {
        server.server.off("error", onError);
        resolve();
      });
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE" && options.port !== 0) {
      // Another replica's catcher writes to the same table; using it is as good as our own.
      logger.warn({ port: options.port }, "dev mailbox port in use; sending to the catcher already there");
      return { port: options.port, owned: false, stop: async () => undefined };
    }
    throw err;
  }
  const port = (server.server.address() as AddressInfo).port;
  logger.info({ port }, "SMTP_URL unset: dev mailbox catching all mail");
  return {
    port,
    owned: true,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
