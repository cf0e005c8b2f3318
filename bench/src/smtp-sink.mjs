// The local SMTP server the stack delivers to during the benchmark: it takes every message,
// keeps none, and notes when each recipient's copy arrived.
import { SMTPServer } from "smtp-server";

export async function startSmtpSink() {
  const arrivals = new Map(); // recipient -> time of arrival
  const server = new SMTPServer({
    // Its built-in certificate has expired: plain SMTP on loopback.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        const at = performance.timeOrigin + performance.now();
        for (const rcpt of session.envelope.rcptTo) arrivals.set(rcpt.address.toLowerCase(), at);
        callback();
      });
    },
  });
  server.on("error", () => undefined);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    arrivals,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
