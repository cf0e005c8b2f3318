import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { Secret, TOTP } from "otpauth";
import { DEV_ACCESS_TOKEN } from "../../hub-simulator/src/config";
import { VIEWPORTS } from "../support/browser";
import { stackSql, startWebStack, type WebStack } from "../support/web-stack";

// Passkeys and the authenticator app through the Security screen, in Debian's Chromium against
// the whole stack (the build the gateway serves, the subgraphs, the hub simulator). Chromium's
// own virtual authenticator (DevTools' WebAuthn domain) stands in for a phone or a security key:
// the page runs the real navigator.credentials ceremonies against the real server, whose RP ID
// is "localhost" (the stack's PUBLIC_URL is http://localhost:<gateway port>).

const ADMIN = { email: "test@example.com", password: "password" };
const LOCK_LABEL = "Front Door Lock";
const LOCK_HUB_ID = "71";

let stack: WebStack;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let authenticatorId: string;
let base: string;

beforeAll(async () => {
  stack = await startWebStack();
  base = stack.base;
  context = await stack.browser.newContext({ viewport: VIEWPORTS.desktop });
  page = await context.newPage();
  cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  }));
}, 300_000);

afterAll(() => stack?.stop(), 60_000);

const sql = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  stackSql<T>(stack, text, values);

/** The lock's state as the (simulated) hub itself reports it, through its Maker API. */
async function hubLockState(): Promise<string> {
  const res = await fetch(
    `http://127.0.0.1:${stack.hubSimPort}/apps/api/1/devices/${LOCK_HUB_ID}?access_token=${DEV_ACCESS_TOKEN}`,
  );
  const device = (await res.json()) as { attributes: { name: string; currentValue: unknown }[] };
  return String(device.attributes.find((a) => a.name === "lock")?.currentValue);
}

/** Polls `read` until it answers `expected` (or the time is up, then the last answer fails the test). */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (last !== expected && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  expect(last).toBe(expected);
}

async function openSecurity() {
  await page.getByRole("link", { name: "Security" }).first().click();
  await page.waitForURL(`${base}/security`);
  await page.getByRole("heading", { name: "Security", level: 2 }).waitFor();
}

describe("passkeys and the authenticator app in Chromium", () => {
  it("adds a passkey on the Security screen, then signs in with it without typing an e-mail", async () => {
    await page.goto(`${base}/signin`);
    await page.getByRole("textbox", { name: /^Email/ }).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${base}/`);

    await openSecurity();
    const passkeys = page.getByRole("region", { name: "Passkeys" });
    await passkeys.getByTestId("no-passkeys").waitFor();
    await passkeys.getByRole("button", { name: "Add a passkey" }).click();
    await passkeys.getByLabel("Name for the new passkey").fill("Chromium test key");
    await passkeys.getByRole("button", { name: "Create passkey" }).click();
    // Just signed in with the password: no "Confirm it's you" is needed for the next 5 minutes.
    await passkeys.getByTestId("passkey-name").getByText("Chromium test key").waitFor();
    await passkeys.getByText(/Passkey “Chromium test key” added/).waitFor();

    // The authenticator holds one discoverable credential for the RP "localhost", and the server
    // has it under the admin's name.
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: "localhost" });
    const stored = await sql<{ name: string; email: string }>(
      `select p.name, u.email from auth.passkeys p join auth.users u on u.id = p.user_id`,
    );
    expect(stored).toEqual([{ name: "Chromium test key", email: ADMIN.email }]);

    await page.getByTestId("sign-out").click();
    await page.waitForURL(`${base}/signin`);
    await page.getByTestId("passkey-sign-in").click();
    await page.waitForURL(`${base}/`);
    await page
      .getByText(/Admin|Homegraph/)
      .first()
      .waitFor();
    const [used] = await sql<{ last_used_at: Date | null }>(`select last_used_at from auth.passkeys`);
    expect(used!.last_used_at).not.toBeNull();
  }, 180_000);

  it("asks for the passkey before unlocking the front door once the sign-in is older than 5 minutes", async () => {
    // Honest setup of time passing: the sessions' proof (auth_time) moves 10 minutes into the
    // past; opening the page anew restores the session through the refresh cookie with that proof.
    const { devices } = await stack.gql<{ devices: { id: string; label: string }[] }>(
      await stack.signIn(ADMIN.email, ADMIN.password),
      `{ devices { id label } }`,
    );
    const lock = devices.find((d) => d.label === LOCK_LABEL)!;
    const aged = await sql(
      `update auth.user_sessions set auth_time = now() - interval '10 minutes'
       where user_id = (select id from auth.users where email = $1) returning id`,
      [ADMIN.email],
    );
    expect(aged.length).toBeGreaterThan(0);
    expect(await hubLockState()).toBe("locked");

    await page.goto(`${base}/devices/${lock.id}`);
    await page.getByRole("button", { name: "Unlock…" }).click();
    await page
      .getByRole("dialog", { name: `Unlock ${LOCK_LABEL}?` })
      .getByRole("button", { name: "Unlock" })
      .click();

    const prompt = page.getByRole("dialog", { name: "Confirm it's you" });
    await prompt.getByText("This change needs your passkey").waitFor();
    await prompt.getByRole("button", { name: "Use passkey" }).click();
    await prompt.waitFor({ state: "detached" });

    await eventually(hubLockState, "unlocked");
    await page.getByText("Unlocked", { exact: true }).first().waitFor();
    const audit = await sql(`select id from auth.audit_log where event_type = 'PASSKEY_STEP_UP'`);
    expect(audit).toHaveLength(1);
  }, 180_000);

  it("sets up the authenticator app: QR and key shown, the first code turns it on, recovery codes shown once", async () => {
    await openSecurity();
    const card = page.getByRole("region", { name: "Authenticator app" });
    await card.getByTestId("totp-status").getByText("Off").waitFor();
    await card.getByRole("button", { name: "Set up" }).click();

    const qr = card.getByTestId("totp-qr");
    await qr.waitFor();
    expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
    // The QR is an image the browser decoded, not markup in the page.
    await eventually(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0), true);
    const secret = (await card.getByTestId("totp-secret").textContent())!.trim();
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    await card.getByLabel(/6-digit code/).fill(code);
    await card.getByRole("button", { name: "Turn on" }).click();

    const codes = card.getByTestId("recovery-code");
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    const recovery = (await codes.allTextContents()).map((c) => c.trim());
    await card.getByTestId("totp-status").getByText("On").waitFor();
    await card.getByRole("button", { name: "I have saved them" }).click();
    await card.getByTestId("recovery-codes-left").getByText("10 recovery codes left.").waitFor();

    // Signing in with the password now asks for the second factor; a recovery code works once.
    await page.getByTestId("sign-out").click();
    await page.waitForURL(`${base}/signin`);
    await page.getByRole("textbox", { name: /^Email/ }).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByLabel("Authenticator code").waitFor();
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(recovery[0]!);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${base}/`);
    await openSecurity();
    await page.getByTestId("recovery-codes-left").getByText("9 recovery codes left.").waitFor();
  }, 180_000);
});
