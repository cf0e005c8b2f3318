import type { Server, Socket } from "node:net";
import { SMTPServer } from "smtp-server";

/** How the test's SMTP server treats the next mail. */
export type SmtpMode = "accept" | "refuse" | "4xx" | "5xx" | "stall" | "hold";

export interface Delivery {
  /** X-Homegraph-Email-Id: the email_logs row. */
  emailId: number;
  messageId: string;
  at: number;
}

export interface ControllableSmtp {
  port: number;
  url: string;
  mode: SmtpMode;
  setMode(mode: SmtpMode): Promise<void>;
  /** Mail it accepted (answered 250), in order: a duplicate shows as two entries with one emailId. */
  deliveries: Delivery[];
  /** Mail whose DATA arrived while stalling (never answered). */
  stalled: number[];
  /** Mail whose DATA arrived while holding: accepted once `release()` is called. */
  held: number[];
  /** Answers every held mail 250 (and counts it delivered). */
  release(): void;
  /** Called as a stalled mail's DATA arrives. */
  onStall?: (emailId: number) => void;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A real SMTP server whose behaviour a test switches: accept, refuse connections (nothing listens
 * and open connections are cut), answer 451 or 550 to DATA, take the DATA and never answer, or
 * take it and answer 250 only when the test releases it.
 */
export async function startControllableSmtp(port: number): Promise<ControllableSmtp> {
  const sockets = new Set<Socket>();
  const holding: (() => void)[] = [];
  const smtp: ControllableSmtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mode: "accept",
    deliveries: [],
    stalled: [],
    held: [],
    release: () => {
      for (const answer of holding.splice(0)) answer();
    },
    setMode: async (mode) => {
      const was = smtp.mode;
      smtp.mode = mode;
      if (mode === "refuse" && was !== "refuse") {
        // close() calls back only once every connection has ended: cut them after asking.
        const closed = new Promise<void>((resolve) => net.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
      } else if (mode !== "refuse" && was === "refuse") {
        await listen();
      }
    },
    close: async () => {
      const closed = smtp.mode === "refuse" ? undefined : new Promise<void>((resolve) => net.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    // Its bundled certificate has expired; the email service is told to skip TLS here.
    disabledCommands: ["STARTTLS", "AUTH"],
    closeTimeout: 100,
    onData(stream, _session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        const emailId = Number(/^X-Homegraph-Email-Id:\s*(\d+)/im.exec(raw)?.[1] ?? 0);
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? "";
        switch (smtp.mode) {
          case "4xx":
            return callback(smtpError(451, "4.3.0 Mailbox temporarily unavailable, try again later"));
          case "5xx":
            return callback(smtpError(550, "5.1.1 Mailbox does not exist"));
          case "stall":
            // Never answered: the sender's socket timeout decides.
            smtp.stalled.push(emailId);
            smtp.onStall?.(emailId);
            return;
          case "hold":
            // Answered later, but within the sender's socket timeout: the test does something meanwhile.
            smtp.held.push(emailId);
            holding.push(() => {
              smtp.deliveries.push({ emailId, messageId, at: Date.now() });
              callback(null, "2.0.0 queued");
            });
            return;
          default:
            smtp.deliveries.push({ emailId, messageId, at: Date.now() });
            return callback(null, "2.0.0 queued");
        }
      });
    },
  });
  // A sender killed mid-conversation resets its connection; smtp-server reports that as an error
  // event, which would otherwise take the test process down.
  server.on("error", () => undefined);
  const net = (server as unknown as { server: Server }).server;
  net.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      net.once("error", reject);
      net.listen(port, "127.0.0.1", () => {
        net.off("error", reject);
        resolve();
      });
    });
  await listen();
  return smtp;
}
