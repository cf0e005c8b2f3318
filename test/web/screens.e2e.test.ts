import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { freePort } from "../support/ports";
import { startStack, type Stack } from "../support/stack";

// The automations, email, profile and admin screens in a real browser (Debian's Chromium) against
// the whole stack with the hub simulator: the built app is served by `vite preview`, which proxies
// every server path to the stack's gateway as the dev server does, so the app sees one origin.
// Screenshots of every screen at a phone's and a desktop's size go to artifacts/screenshots.

const ROOT = path.resolve(__dirname, "../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? path.join(ROOT, "artifacts/screenshots");
const VITE = path.join(ROOT, "node_modules/vite/bin/vite.js");
const ADMIN = { email: "ann@example.com", password: "ann's first passphrase", displayName: "Ann" };
const NEW_PASSWORD = "ann's second passphrase";
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1440, height: 900 },
];

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  // Said out loud, so a run without a browser is never mistaken for a pass.
  console.warn(`SKIPPED web screens e2e: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}
const describeWithBrowser = haveChromium ? describe : describe.skip;

/** A server in its own process group, so stopping it stops everything it started. */
function startGroup(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  return { child, output: () => out };
}

function stopGroup(child: ChildProcess | undefined): void {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
}

async function run(args: string[], cwd: string): Promise<void> {
  const { child, output } = startGroup(args, { ...process.env, NODE_ENV: "production" }, cwd);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${args.join(" ")} failed (${code}):\n${output()}`);
}

async function waitForHttp(url: string, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

let stack: Stack;
let browser: Browser;
let page: Page;
let appUrl: string;
let preview: ChildProcess | undefined;
let distDir: string;

describeWithBrowser("web app: automations, email, profile and admin in Chromium", () => {
  beforeAll(async () => {
    stack = await startStack({ hub: true });
    await stack.addUser({ ...ADMIN, role: "ADMIN" });
    distDir = mkdtempSync(path.join(tmpdir(), "homegraph-web-"));
    await run([VITE, "build", "--outDir", distDir, "--emptyOutDir", "--logLevel", "warn"], path.join(ROOT, "web"));
    const port = await freePort();
    const server = startGroup(
      [VITE, "preview", "--outDir", distDir, "--port", String(port), "--strictPort", "--host", "127.0.0.1"],
      { ...process.env, WEB_GATEWAY_URL: stack.gateway.url },
      path.join(ROOT, "web"),
    );
    preview = server.child;
    appUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${appUrl}/`, 60_000, server.output);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const context = await browser.newContext({ viewport: VIEWPORTS[1] });
    page = await context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    stopGroup(preview);
    await stack?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  async function signIn(password: string) {
    await page.goto(`${appUrl}/signin`);
    await page.getByRole("textbox", { name: /^Email/ }).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${appUrl}/`);
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
    await page.waitForURL(`${appUrl}/automations`);
    const card = page.getByTestId("automation").filter({ hasText: "Lights out at night" });
    await card.getByText("Every day at 23:15").waitFor();
    await card.getByText("Last fired: Never").waitFor();

    const signedIn = await stack.signIn(ADMIN.email, ADMIN.password);
    const stored = await stack.query(
      `{ automations { name enabled trigger actions } }`,
      {},
      {
        authorization: signedIn.authorization,
      },
    );
    expect(stored.body.data!.automations).toContainEqual({
      name: "Lights out at night",
      enabled: true,
      trigger: { type: "time", at: "23:15" },
      actions: [{ type: "setMode", mode: "Night" }],
    });
  }, 120_000);

  it("shows every screen at 390×844 and 1440×900 (screenshots)", async () => {
    const screens: { name: string; path: string; ready: (p: Page) => Promise<unknown> }[] = [
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
      { name: "email-send", path: "/email/send", ready: (p) => p.getByRole("button", { name: "Send test" }).waitFor() },
      { name: "email-log", path: "/email/log", ready: (p) => p.getByText(/\d+ mails?$/).waitFor() },
      {
        name: "email-bulk",
        path: "/email/bulk",
        ready: (p) => p.getByRole("button", { name: "Send to all of them" }).waitFor(),
      },
      { name: "email-mailbox", path: "/email/mailbox", ready: (p) => p.getByText(/caught$/).waitFor() },
      { name: "profile", path: "/profile", ready: (p) => p.getByTestId("session").first().waitFor() },
      { name: "admin-users", path: "/admin/users", ready: (p) => p.getByTestId("user-row").first().waitFor() },
      { name: "admin-settings", path: "/admin/settings", ready: (p) => p.getByTestId("setting").first().waitFor() },
      { name: "admin-health", path: "/admin/health", ready: (p) => p.getByTestId("health-status").waitFor() },
    ];
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const screen of screens) {
        await page.goto(`${appUrl}${screen.path}`);
        await screen.ready(page);
        // Nothing the layout needs may stick out sideways on a phone.
        const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
        expect({ screen: screen.name, viewport: viewport.width, overflow }).toEqual({
          screen: screen.name,
          viewport: viewport.width,
          overflow: 0,
        });
        const file = path.join(SCREENSHOTS, `${screen.name}-${viewport.width}x${viewport.height}.png`);
        await page.screenshot({ path: file, fullPage: true });
      }
    }
    console.log(`web screens: ${screens.length * VIEWPORTS.length} screenshots in ${SCREENSHOTS}`);
  }, 240_000);

  it("changes the password: the new one signs in, the old one no longer does", async () => {
    await page.setViewportSize(VIEWPORTS[0]!);
    await page.goto(`${appUrl}/profile`);
    await page.getByLabel(/^Current password/).fill(ADMIN.password);
    await page.getByLabel(/^New password/).fill("short");
    await page.getByLabel(/^Repeat the new password/).fill("short");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("The password must be at least 8 characters long.").waitFor();

    await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await page.getByLabel(/^Repeat the new password/).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByTestId("password-changed").waitFor();
    await expect(stack.signIn(ADMIN.email, ADMIN.password)).rejects.toThrow();
    await expect(stack.signIn(ADMIN.email, NEW_PASSWORD)).resolves.toBeTruthy();
    // This browser stays signed in: the change ends only the other sessions.
    await page.reload();
    await page.getByTestId("session").first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/profile");
  }, 120_000);

  it("signs out this device: back at sign-in, and a reload does not bring the session back", async () => {
    await page.goto(`${appUrl}/profile`);
    await page.getByRole("button", { name: "Sign out this device" }).click();
    await page.waitForURL(/\/signin/);
    await page.goto(`${appUrl}/profile`);
    await page.waitForURL(/\/signin\?next=%2Fprofile/);
    await signIn(NEW_PASSWORD);
  }, 120_000);
});
