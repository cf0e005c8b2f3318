import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  to: string[];
  parsed: ParsedMail;
  header: (name: string) => string | undefined;
}

export interface SmtpSink {
  port: number;
  url: string;
  mails: CaughtMail[];
  /** Replies to RCPT TO for addresses matching these patterns. */
  rejectRcpt: { pattern: RegExp; code: number; message: string }[];
  /** Stops listening: connections are refused until start() again, on the same port. */
  stop: () => Promise<void>;
  start: () => Promise<void>;
}

/** A real SMTP server for tests (smtp-server + mailparser), which can refuse, fail or accept. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: CaughtMail[] = [];
  const rejectRcpt: SmtpSink["rejectRcpt"] = [];
  let server: SMTPServer | undefined;
  let port = 0;

  const make = () =>
    new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      logger: false,
      closeTimeout: 50,
      onRcptTo(address, _session, callback) {
        const rule = rejectRcpt.find((r) => r.pattern.test(address.address));
        if (rule) return callback(Object.assign(new Error(rule.message), { responseCode: rule.code }));
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            mails.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              parsed,
              header: (name) => {
                const line = parsed.headerLines.find((h) => h.key === name.toLowerCase());
                return line ? line.line.slice(line.line.indexOf(":") + 1).trim() : undefined;
              },
            });
            callback();
          })
          .catch(callback);
      },
    });

  const sink: SmtpSink = {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    mails,
    rejectRcpt,
    start: async () => {
      server = make();
      server.on("error", () => undefined);
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", () => resolve()));
      port = (server.server.address() as AddressInfo).port;
    },
    stop: async () => {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await sink.start();
  return sink;
}

export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
