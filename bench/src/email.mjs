// Bulk email: one sendBulkEmail to 1,000 addresses through the gateway (time until it is accepted:
// validated, rendered, logged and queued), then every message delivered over SMTP to the local
// sink (messages per second, from the send to the last arrival).
import { markdownTable } from "./autocannon.mjs";
import { graphql } from "./session.mjs";

const now = () => performance.timeOrigin + performance.now();

export async function bulkEmail(stack, { token, sink, count = 1000 }) {
  const tag = `bench${Date.now().toString(36)}`;
  const to = Array.from({ length: count }, (_, i) => `${tag}-${i}@example.com`);
  const started = now();
  const data = await graphql(
    `${stack.url}/graphql`,
    token,
    "mutation ($i: SendBulkEmailInput!) { sendBulkEmail(input: $i) { id total queued } }",
    { i: { to, templateKey: "device-notification", variables: { device: "Front door", event: "opened" } } },
  );
  const accepted = now();
  const arrived = () => to.filter((address) => sink.arrivals.has(address)).length;
  const deadline = Date.now() + 300_000;
  while (arrived() < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  const delivered = arrived();
  const last = Math.max(...to.map((address) => sink.arrivals.get(address) ?? 0));
  const acceptMs = +(accepted - started).toFixed(0);
  const deliverMs = +(last - started).toFixed(0);
  const perSecond = delivered ? Math.round((delivered / deliverMs) * 1000) : 0;
  const figures = { count, total: data.sendBulkEmail.total, acceptMs, delivered, deliverMs, perSecond };
  const table = markdownTable(
    ["what", "figure"],
    [
      [`accept one sendBulkEmail to ${count} addresses (through the gateway)`, `${acceptMs} ms`],
      [`send → last of ${delivered} of ${count} messages received by the SMTP sink`, `${deliverMs} ms`],
      ["delivered", `${perSecond} messages/s`],
    ],
  );
  return { name: "bulk email", table, figures };
}
