import type { Page } from "playwright-core";
import path from "node:path";
import { Pool } from "pg";
import { SCREENSHOTS, VIEWPORTS } from "../support/browser";
import { startWebStack, type WebStack } from "../support/web-stack";

// The dashboard, history, automations, alarm, email, profile, security and admin screens in Debian's Chromium against the whole stack
// as `npm start` starts it (the build the gateway serves at /, the subgraphs, the hub simulator,
// the demo household). Screenshots of every screen at a phone's and a desktop's size go to
// artifacts/screenshots.

const ADMIN = { email: "test@example.com", password: "password" };
const NEW_PASSWORD = "ann's second passphrase";

let stack: WebStack;
let page: Page;
let base: string;

const apiToken = (password: string) => stack.signIn(ADMIN.email, password);
const gql = <T>(token: string, query: string) => stack.gql<T>(token, query);

beforeAll(async () => {
  // A short HSM exit delay: arming counts down, then arms, within the test. Long enough that a busy
  // machine's round trip (click, mutation, hub, answer) still lands while the countdown runs.
  stack = await startWebStack({ SIM_HSM_EXIT_DELAY_SECONDS: "10" });
  base = stack.base;
  const context = await stack.browser.newContext({ viewport: VIEWPORTS.desktop });
  page = await context.newPage();
}, 300_000);

afterAll(() => stack?.stop(), 60_000);

describe("web app: history, automations, email, profile and admin in Chromium", () => {
  async function signIn(password: string) {
    await page.goto(`${base}/signin`);
    await page.getByRole("textbox", { name: /^Email/ }).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${base}/`);
  }

  /** A Mantine Select: open it by its label, pick the option. */
  async function choose(label: string, option: string) {
    await page.getByRole("combobox", { name: label }).click();
    await page.getByRole("option", { name: option }).click();
  }

  it("creates an automation through the form and sees it listed", async () => {
    await signIn(ADMIN.password);
    await page.getByRole("link", { name: "Automations" }).first().click();
    await page.getByRole("link", { name: "New automation" }).click();
    // Nothing filled in: the browser says what is missing and sends nothing.
    await page.getByRole("button", { name: "Create automation" }).click();
    await page.getByText("Give the automation a name.").waitFor();

    await page.getByRole("textbox", { name: /^Name/ }).fill("Lights out at night");
    await choose("Trigger", "A time of day");
    await page.getByRole("textbox", { name: "Time (HH:MM)" }).fill("23:15");
    await choose("Action 1", "Set the mode");
    await page.getByRole("combobox", { name: "Mode" }).fill("Night");
    await page.getByRole("button", { name: "Create automation" }).click();
    await page.waitForURL(`${base}/automations`);
    const card = page.getByTestId("automation").filter({ hasText: "Lights out at night" });
    await card.getByText("Every day at 23:15").waitFor();
    await card.getByText("Last fired: Never").waitFor();

    const stored = await gql<{ automations: unknown[] }>(
      await apiToken(ADMIN.password),
      `{ automations { name enabled trigger actions } }`,
    );
    expect(stored.automations).toContainEqual({
      name: "Lights out at night",
      enabled: true,
      trigger: { type: "time", at: "23:15" },
      actions: [{ type: "setMode", mode: "Night" }],
    });
  }, 120_000);

  it("arms the alarm from its panel: a countdown, then armed; an alert on the hub turns it and the header red", async () => {
    // Straight after the automation's "Saved." toast: the header's alarm badge must be in reach.
    await page.getByRole("link", { name: "Alarm" }).first().click({ timeout: 5_000 });
    await page.waitForURL(`${base}/alarm`);
    const status = page.getByTestId("alarm-status");
    await status.getByText("Disarmed").waitFor();
    await page.getByRole("button", { name: "Arm away" }).click();
    await page
      .getByTestId("alarm-countdown")
      .getByText(/^Armed in \d+ s$/)
      .waitFor()
      .catch(async (err: Error) => {
        // Say what the panel showed instead, so a failure on a busy machine can be read.
        throw new Error(`no countdown; the page showed "${await page.locator("main").innerText()}": ${err.message}`);
      });
    await status.getByText("Armed away").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("alarm-countdown").count()).toBe(0);

    const raised = await fetch(`http://127.0.0.1:${stack.hubSimPort}/_sim/hsm/alert`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "intrusion", text: "Front Door opened" }),
    });
    expect(raised.status).toBe(202);
    await page.getByTestId("alarm-alert").getByText("Alert: Intrusion").waitFor();
    await page.locator('[data-testid="alarm-indicator"][data-tone="alert"]').waitFor();
    await page.getByTestId("alarm-history").getByText("Intrusion · Front Door opened").waitFor();
  }, 120_000);

  /**
   * A month of hourly temperatures for a sensor and of power for a plug, older than the stack:
   * the rollups are reset so the next read builds its hours from these events.
   */
  async function seedHistory(): Promise<{ sensor: string; plug: string }> {
    const { devices } = await gql<{ devices: { id: string; attributes: { name: string }[] }[] }>(
      await apiToken(ADMIN.password),
      `{ devices { id attributes { name } } }`,
    );
    const withAttribute = (name: string) => devices.find((d) => d.attributes.some((a) => a.name === name))!.id;
    const sensor = withAttribute("temperature");
    const plug = withAttribute("power");
    const pool = new Pool({ connectionString: stack.databaseUrl, max: 1 });
    try {
      const seed = (id: string, name: string, value: string) =>
        pool.query(
          `insert into home.device_events (device_id, hub_device_id, name, value, value_type, source, created_at)
           select d.id, d.hub_device_id, $2, ${value}, 'NUMBER', 'POST', t
           from home.devices d, generate_series(now() - interval '30 days', now() - interval '1 hour', interval '20 minutes') t
           where d.id = $1`,
          [id, name],
        );
      const day = `extract(epoch from t) / 86400.0 * 2 * pi()`;
      await seed(sensor, "temperature", `round((20 + 3 * sin(${day}) + sin(${day} / 7) + random())::numeric, 1)::text`);
      await seed(
        plug,
        "power",
        `(case when random() < 0.2 then round((800 + 400 * random())::numeric) else 2 end)::text`,
      );
      await pool.query(`delete from home.device_rollups`);
      await pool.query(`update home.history_rollup_state set hour_mark = null, day_mark = null`);
    } finally {
      await pool.end();
    }
    return { sensor, plug };
  }

  it("opens on a dashboard worth it: the summary on top, favourites, rooms across a desktop (screenshots)", async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.goto(`${base}/`);
    const summary = page.getByTestId("summary");
    await summary.waitFor();
    await page.getByTestId("room").first().waitFor();
    for (const tile of ["Lights", "Doors and locks", "Alarm", "Batteries", "Offline"]) {
      expect(await summary.getByRole("region", { name: tile }).isVisible()).toBe(true);
    }
    // A star puts the device first, kept on the server: it is still there after a reload.
    await page.getByTestId("room").getByRole("button", { name: "Add Porch Light to favourites" }).click();
    const favorites = page.getByTestId("favorites");
    await favorites.getByRole("article", { name: "Porch Light" }).waitFor();
    await page.reload();
    await favorites.getByRole("article", { name: "Porch Light" }).waitFor();

    const boxes = () =>
      page
        .getByTestId("room")
        .evaluateAll((rooms) =>
          rooms.map((r) => r.getBoundingClientRect()).map(({ left, right }) => ({ left, right })),
        );
    // The room tiles span most of a 1440 px window (beside the 220 px navigation), not half of it.
    const wide = await boxes();
    const span = Math.max(...wide.map((b) => b.right)) - Math.min(...wide.map((b) => b.left));
    expect(span / VIEWPORTS.desktop.width).toBeGreaterThan(0.7);
    const summaryBox = (await summary.boundingBox())!;
    expect(summaryBox.y).toBeLessThan((await page.getByTestId("rooms").boundingBox())!.y);

    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(250);
      expect(await summary.isVisible()).toBe(true);
      const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
      expect({ viewport: viewport.width, overflow }).toEqual({ viewport: viewport.width, overflow: 0 });
      if (viewport === VIEWPORTS.phone) {
        // One column on a phone: every room starts at the same left edge.
        expect(new Set((await boxes()).map((b) => Math.round(b.left))).size).toBe(1);
      }
      await page.screenshot({
        path: path.join(SCREENSHOTS, `dashboard-${viewport.width}x${viewport.height}.png`),
        fullPage: true,
      });
    }
  }, 120_000);

  it("shows every screen at 390×844 and 1440×900 (screenshots)", async () => {
    const history = await seedHistory();
    const screens: { name: string; path: string; ready: (p: Page) => Promise<unknown> }[] = [
      {
        name: "history",
        path: `/history?device=${history.sensor}&attribute=temperature&range=month`,
        ready: (p) => p.getByTestId("history-chart").locator(".recharts-area").first().waitFor(),
      },
      {
        name: "history-power",
        path: `/history?device=${history.plug}&range=week`,
        ready: (p) => p.getByTestId("history-power").locator(".recharts-line").first().waitFor(),
      },
      { name: "automations", path: "/automations", ready: (p) => p.getByTestId("automation").first().waitFor() },
      {
        name: "automation-new",
        path: "/automations/new",
        ready: (p) => p.getByRole("button", { name: "Create automation" }).waitFor(),
      },
      {
        name: "email-templates",
        path: "/email/templates",
        ready: async (p) => {
          await choose("Template", "Welcome / invite (welcome)");
          await p.getByTestId("preview-subject").waitFor();
        },
      },
      { name: "alarm", path: "/alarm", ready: (p) => p.getByTestId("alarm-history").getByText("Armed away").waitFor() },
      { name: "email-send", path: "/email/send", ready: (p) => p.getByRole("button", { name: "Send test" }).waitFor() },
      { name: "email-log", path: "/email/log", ready: (p) => p.getByText(/\d+ mails?$/).waitFor() },
      {
        name: "email-bulk",
        path: "/email/bulk",
        ready: (p) => p.getByRole("button", { name: "Send to all of them" }).waitFor(),
      },
      { name: "email-mailbox", path: "/email/mailbox", ready: (p) => p.getByText(/caught$/).waitFor() },
      { name: "profile", path: "/profile", ready: (p) => p.getByTestId("security-link").waitFor() },
      { name: "security", path: "/security", ready: (p) => p.getByTestId("session").first().waitFor() },
      { name: "admin-users", path: "/admin/users", ready: (p) => p.getByTestId("user-row").first().waitFor() },
      { name: "admin-settings", path: "/admin/settings", ready: (p) => p.getByTestId("setting").first().waitFor() },
      {
        name: "admin-health",
        path: "/admin/health",
        ready: async (p) => {
          await p.getByTestId("health-status").waitFor();
          await p.getByTestId("hub-drift").first().waitFor();
        },
      },
    ];
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      await page.setViewportSize(viewport);
      for (const screen of screens) {
        await page.goto(`${base}${screen.path}`);
        await screen.ready(page);
        // Nothing the layout needs may stick out sideways on a phone.
        const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
        expect({ screen: screen.name, viewport: viewport.width, overflow }).toEqual({
          screen: screen.name,
          viewport: viewport.width,
          overflow: 0,
        });
        // The header's last control (and so the alarm's badge before it) fits on a phone too, label and all.
        const signOut = await page.getByTestId("sign-out").evaluate((el) => {
          const box = el.getBoundingClientRect();
          const label = el.querySelector(".mantine-Button-label") ?? el;
          return { right: box.right, clipped: label.scrollWidth > label.clientWidth };
        });
        expect({ screen: screen.name, fits: signOut.right <= viewport.width && !signOut.clipped }).toEqual({
          screen: screen.name,
          fits: true,
        });
        const file = path.join(SCREENSHOTS, `${screen.name}-${viewport.width}x${viewport.height}.png`);
        await page.screenshot({ path: file, fullPage: true });
      }
    }
    console.log(`web screens: ${screens.length * 2} screenshots in ${SCREENSHOTS}`);
  }, 240_000);

  it("disarms the alarm after asking, which ends the alert", async () => {
    await page.goto(`${base}/alarm`);
    await page.getByTestId("alarm-alert").waitFor();
    await page.getByRole("button", { name: "Disarm" }).click();
    await page.getByTestId("confirm-disarm").click();
    await page.getByTestId("alarm-status").getByText("Disarmed").waitFor();
    await page.getByTestId("alarm-alert").waitFor({ state: "detached" });
    await page.locator('[data-testid="alarm-indicator"][data-tone="disarmed"]').waitFor();
  }, 60_000);

  it("changes the password: the new one signs in, the old one no longer does", async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${base}/profile`);
    await page.getByLabel(/^Current password/).fill(ADMIN.password);
    await page.getByLabel(/^New password/).fill("short");
    await page.getByLabel(/^Repeat the new password/).fill("short");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("The password must be at least 8 characters long.").waitFor();

    await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await page.getByLabel(/^Repeat the new password/).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByTestId("password-changed").waitFor();
    await expect(apiToken(ADMIN.password)).rejects.toThrow();
    await expect(apiToken(NEW_PASSWORD)).resolves.toBeTruthy();
    // This browser stays signed in: the change ends only the other sessions.
    await page.reload();
    await page.getByLabel(/^Current password/).waitFor();
    expect(new URL(page.url()).pathname).toBe("/profile");
  }, 120_000);

  it("signs out this device: back at sign-in, and a reload does not bring the session back", async () => {
    await page.goto(`${base}/security`);
    await page.getByRole("button", { name: "Sign out this device" }).click();
    await page.waitForURL(/\/signin/);
    await page.goto(`${base}/security`);
    await page.waitForURL(/\/signin\?next=%2Fsecurity/);
    await signIn(NEW_PASSWORD);
  }, 120_000);
});
