import type { BrowserContext, Page } from "playwright-core";
import { screenshotBoth, SCREENSHOTS, VIEWPORTS } from "./support/browser";
import { startWebStack, type WebStack } from "./support/web-stack";

// The web app in Debian's Chromium against the whole stack as `npm start` starts it: the build the
// gateway serves at /, the subgraphs, PostgreSQL (the test database) and the hub simulator.
// Access tokens live 30 s here, so the app renews its token several times during the run.

const TOKEN_TTL_SECONDS = 30;
const ADMIN = { email: "test@example.com", password: "password" };
const PORCH_LIGHT = "1";
const DESK_FAN = "6";
const FRONT_DOOR = "7";
const BATHROOM_CLIMATE = "11";

let stack: WebStack;
let context: BrowserContext;
let page: Page;
let base: string;
/** Successful silent renewals (POST /auth/refresh answered 200) seen by the signed-in page. */
let renewals = 0;
/** When the browser signed in: its first access token is dead TOKEN_TTL_SECONDS later. */
let signedInAt = 0;

const gql = <T = any>(token: string, query: string, variables: Record<string, unknown> = {}) =>
  stack.gql<T>(token, query, variables);

/** A second client: the REST sign-in a script or another device uses. */
const apiToken = (): Promise<string> => stack.signIn(ADMIN.email, ADMIN.password);

async function serverSwitch(token: string, id: string): Promise<unknown> {
  const data = await gql<{ device: { attributes: { name: string; value: unknown }[] } }>(
    token,
    `query($id: ID!) { device(id: $id) { attributes { name value } } }`,
    { id },
  );
  return data.device.attributes.find((a) => a.name === "switch")?.value;
}

/** A physical change at the hub simulator (it names devices by the hub's own ids). */
async function hubEvent(deviceId: string, name: string, value: string | number): Promise<void> {
  const token = await apiToken();
  const { device } = await gql<{ device: { hubDeviceId: string } }>(
    token,
    `query($id: ID!) { device(id: $id) { hubDeviceId } }`,
    { id: deviceId },
  );
  const res = await fetch(`http://127.0.0.1:${stack.hubSimPort}/_sim/devices/${device.hubDeviceId}/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, value }),
  });
  expect(res.status).toBe(202);
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const powerSwitch = (label: string) => page.getByRole("switch", { name: `${label} power` });

async function signInThroughTheForm(target: Page, credentials = ADMIN): Promise<void> {
  await target.getByLabel("Email").fill(credentials.email);
  await target.getByRole("textbox", { name: "Password" }).fill(credentials.password);
  await target.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Marks the page so a later check can tell it was never reloaded. */
async function markPage(): Promise<void> {
  await page.evaluate(() => ((globalThis as unknown as { __stillHere: boolean }).__stillHere = true));
}
async function expectNotReloaded(): Promise<void> {
  expect(await page.evaluate(() => (globalThis as unknown as { __stillHere?: boolean }).__stillHere)).toBe(true);
}

beforeAll(async () => {
  stack = await startWebStack({ ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) });
  base = stack.base;
  expect(stack.run.output()).toContain(`Web app   ${base}/`);
  context = await stack.browser.newContext({ viewport: VIEWPORTS.desktop });
  page = await context.newPage();
  page.on("response", (res) => {
    if (res.url().endsWith("/auth/refresh") && res.status() === 200) renewals++;
  });
  console.log(`screenshots: ${SCREENSHOTS}`);
}, 300_000);

afterAll(() => stack?.stop(), 60_000);

describe("the web app in a browser", () => {
  it("sends a signed-out visitor to sign in, refuses a wrong password, and signs in", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await screenshotBoth(page, "signin");

    await signInThroughTheForm(page, { email: ADMIN.email, password: "not-the-password" });
    await expect(page.getByTestId("form-error").textContent()).resolves.toMatch(/email or password is wrong/i);

    await signInThroughTheForm(page);
    signedInAt = Date.now();
    await page.getByTestId("room").first().waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe("/");
  }, 60_000);

  it("shows the devices by room, restores the session on reload, and the dashboard paints quickly", async () => {
    // A reload finds the session again through the HttpOnly cookie; LCP is measured on that load.
    await page.goto(`${base}/`);
    await page.getByTestId(`device-${PORCH_LIGHT}`).waitFor({ timeout: 30_000 });
    const lcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            resolve(entries[entries.length - 1]!.startTime);
          }).observe({ type: "largest-contentful-paint" as never, buffered: true });
          setTimeout(() => resolve(-1), 5_000);
        }),
    );
    console.log(`dashboard largest contentful paint: ${lcp.toFixed(0)} ms (target under 1500 ms)`);
    expect(lcp).toBeGreaterThan(0);
    // Loose on a shared two-core machine; the figure above is what to compare with the target.
    expect(lcp).toBeLessThan(5_000);

    const rooms = await page.getByTestId("room").allTextContents();
    expect(rooms.length).toBeGreaterThanOrEqual(5);
    for (const room of ["Bathroom", "Hall", "Kitchen", "Living Room"]) {
      expect(page.getByRole("heading", { name: room, exact: true })).toBeTruthy();
    }
    expect(await page.getByTestId(`device-${PORCH_LIGHT}`).textContent()).toContain("Porch Light");
    await screenshotBoth(page, "dashboard", () => page.getByTestId(`device-${PORCH_LIGHT}`).waitFor());
  }, 60_000);

  it("toggles a light and the state arrives from the hub", async () => {
    const token = await apiToken();
    await markPage();
    expect(await serverSwitch(token, PORCH_LIGHT)).toBe("off");
    const toggle = powerSwitch("Porch Light");
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click({ force: true });
    // The hub (simulator) confirmed it: the stored state is on, and the page shows it.
    await until(async () => (await serverSwitch(token, PORCH_LIGHT)) === "on", 15_000, "the porch light to be on");
    await until(() => toggle.isChecked(), 10_000, "the switch to show on");
    await expectNotReloaded();
  }, 60_000);

  it("shows a change made by another client without a reload", async () => {
    const token = await apiToken();
    await markPage();
    expect(await powerSwitch("Desk Fan").isChecked()).toBe(false);
    await gql(token, `mutation($id: ID!) { setSwitch(deviceId: $id, on: true) { id } }`, { id: DESK_FAN });
    await until(() => powerSwitch("Desk Fan").isChecked(), 15_000, "the desk fan to show on");
    await expectNotReloaded();
  }, 60_000);

  it("shows a change the hub reports by itself (a door opened by hand) without a reload", async () => {
    await markPage();
    const contact = page.getByTestId(`device-${FRONT_DOOR}`).getByTestId("reading-contact");
    // From a known state: closed first, then opened, each arriving live.
    await hubEvent(FRONT_DOOR, "contact", "closed");
    await until(
      async () => (await contact.textContent())?.includes("closed") ?? false,
      15_000,
      "the door to show closed",
    );
    await hubEvent(FRONT_DOOR, "contact", "open");
    await until(async () => (await contact.textContent())?.includes("open") ?? false, 15_000, "the door to show open");
    await expectNotReloaded();
  }, 60_000);

  it("opens a device with its attributes, history chart and events", async () => {
    // Readings over time, as the sensor would report them.
    for (const value of [21.5, 22.0, 22.8, 23.1]) await hubEvent(BATHROOM_CLIMATE, "temperature", value);
    await page.getByRole("link", { name: "Bathroom Climate" }).click();
    await page.waitForURL((url) => url.pathname === `/devices/${BATHROOM_CLIMATE}`);
    await page.getByTestId("attributes").waitFor();
    expect(await page.getByTestId("attributes").textContent()).toContain("humidity");
    await until(
      async () =>
        ((await page.getByTestId("events").count()) > 0
          ? await page.getByTestId("events").textContent()
          : "")!.includes("temperature"),
      15_000,
      "the temperature events in the list",
    );
    await page.locator(".recharts-surface").first().waitFor({ timeout: 15_000 });
    await screenshotBoth(page, "device", () => page.locator(".recharts-surface").first().waitFor());
  }, 60_000);

  it("has every other signed-in screen at phone and desktop sizes", async () => {
    for (const screen of ["automations", "email", "profile", "security", "admin"]) {
      await page.goto(`${base}/${screen}`);
      await page.getByRole("heading", { level: 2 }).first().waitFor();
      expect(new URL(page.url()).pathname).toBe(`/${screen}`);
      await screenshotBoth(page, screen);
    }
  }, 90_000);

  it("has the signed-out screens at phone and desktop sizes", async () => {
    const guest = await stack.browser.newContext({ viewport: VIEWPORTS.desktop });
    try {
      const other = await guest.newPage();
      for (const [screen, path] of [
        ["forgot-password", "/forgot-password"],
        ["reset-password", "/reset-password?token=from-the-mail"],
        ["accept-invite", "/accept-invite?token=from-the-mail"],
      ]) {
        await other.goto(`${base}${path}`);
        await other.getByRole("heading", { level: 2 }).first().waitFor();
        await screenshotBoth(other, screen);
      }
      // Client-side rules: a short password is refused before anything is sent.
      let sent = 0;
      other.on("request", (req) => req.url().endsWith("/graphql") && sent++);
      await other.getByRole("textbox", { name: "Password", exact: true }).fill("short");
      await other.getByRole("textbox", { name: "Repeat the password" }).fill("short");
      await other.getByRole("button", { name: "Create my account" }).click();
      await other.getByText("at least 8 characters").waitFor();
      expect(sent).toBe(0);
      // A bad token goes to the server, and its answer shows.
      await other.getByRole("textbox", { name: "Password", exact: true }).fill("a long enough passphrase");
      await other.getByRole("textbox", { name: "Repeat the password" }).fill("a long enough passphrase");
      await other.getByRole("button", { name: "Create my account" }).click();
      await other.getByTestId("form-error").waitFor();
      expect(await other.getByTestId("form-error").textContent()).toMatch(/not valid or has expired/);
      expect(sent).toBe(1);
    } finally {
      await guest.close();
    }
  }, 90_000);

  it("renews the access token mid-session without the person noticing", async () => {
    await page.goto(`${base}/`);
    await page.getByTestId(`device-${PORCH_LIGHT}`).waitFor();
    await markPage();
    // Past the first token's lifetime, renewed silently at least once, and the page still works.
    await until(
      async () => renewals > 0 && Date.now() - signedInAt > (TOKEN_TTL_SECONDS + 2) * 1000,
      (TOKEN_TTL_SECONDS + 20) * 1000,
      "a silent renewal past the first token's lifetime",
    );
    const token = await apiToken();
    const toggle = powerSwitch("Porch Light");
    const wasOn = await toggle.isChecked();
    await toggle.click({ force: true });
    await until(
      async () => (await serverSwitch(token, PORCH_LIGHT)) === (wasOn ? "off" : "on"),
      15_000,
      "the toggle after renewal",
    );
    // Live updates survived the renewal too.
    await gql(token, `mutation($id: ID!) { setSwitch(deviceId: $id, on: false) { id } }`, { id: DESK_FAN });
    await until(async () => !(await powerSwitch("Desk Fan").isChecked()), 15_000, "the desk fan to show off");
    expect(new URL(page.url()).pathname).toBe("/");
    await expectNotReloaded();
  }, 120_000);

  // Extension points for the remaining screens' journeys, with the signed-in `page` above:
  // - create an automation (Automations screen);
  // - change the password (Profile screen);
  // - sign out (the header's "Sign out" button: data-testid="sign-out").
  // Add them here, before the revocation test below, which ends this session.

  it("sends a person whose session is revoked elsewhere to sign in, with a message", async () => {
    await page.goto(`${base}/`);
    await page.getByTestId(`device-${PORCH_LIGHT}`).waitFor();
    // "Sign out everywhere" from another device ends the browser's session too.
    await gql(await apiToken(), `mutation { logoutEverywhere }`);
    await page.getByTestId("session-message").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("session-message").textContent()).toMatch(/session has ended/i);
    expect(new URL(page.url()).pathname).toBe("/signin");
  }, 60_000);
});
