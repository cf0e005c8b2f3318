import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface HeldSmtp {
  url: string;
  /** Recipients of every message accepted so far. */
  accepted: string[];
  /** Messages whose DATA arrived and waits for release(). */
  waiting: () => number;
  /** Accepts the message held longest. */
  releaseOne: () => void;
  /** Accepts the held messages and every later one at once. */
  release: () => void;
  stop: () => Promise<void>;
}

/**
 * A real SMTP server that reads each message but answers its DATA only once released, so a test
 * can hold a run's mails in SENDING until its subscriber is known to be listening.
 */
export async function startHeldSmtp(): Promise<HeldSmtp> {
  const accepted: string[] = [];
  const held: (() => void)[] = [];
  let open = false;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    closeTimeout: 50,
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        const accept = () => {
          accepted.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        };
        if (open) accept();
        else held.push(accept);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    waiting: () => held.length,
    releaseOne: () => held.shift()?.(),
    release: () => {
      open = true;
      for (const accept of held.splice(0)) accept();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
