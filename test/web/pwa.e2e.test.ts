import { randomBytes, randomUUID } from "node:crypto";
import type { BrowserContext, CDPSession, Page, Worker } from "playwright-core";
import { screenshotBoth, VIEWPORTS } from "../support/browser";
import { startWebStack, type WebStack } from "../support/web-stack";

// The installable app in Debian's Chromium against the whole stack (the build the gateway serves):
// the service worker registers and controls the page, the manifest is served and valid, a push
// delivered through DevTools (ServiceWorker.deliverPushMessage: what a push service would hand the
// browser) shows a notification, a click on it opens the device screen, and the app opens offline.

// The browser's globals used in page.evaluate and worker.evaluate (this program has no DOM library).
interface NotificationLike {
  title: string;
  body: string;
  tag: string;
  requireInteraction: boolean;
  data: unknown;
}
interface RegistrationLike {
  scope: string;
  getNotifications(filter?: { tag?: string }): Promise<NotificationLike[]>;
}
interface PageGlobals {
  navigator: { serviceWorker: { ready: Promise<RegistrationLike>; controller: { scriptURL: string } | null } };
  caches: { keys(): Promise<string[]>; open(name: string): Promise<{ keys(): Promise<{ url: string }[]> }> };
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
}
interface WorkerGlobals {
  registration: RegistrationLike;
  dispatchEvent(event: unknown): boolean;
  NotificationEvent: new (type: string, init: { notification: NotificationLike }) => unknown;
}

const ADMIN = { email: "test@example.com", password: "password" };
const SERVICE_SECRET = randomBytes(32).toString("hex");

let stack: WebStack;
let base: string;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let registrationId: string | undefined;
let deviceId: string;

beforeAll(async () => {
  stack = await startWebStack({ SERVICE_SECRET });
  base = stack.base;
  context = await stack.browser.newContext({ viewport: VIEWPORTS.desktop });
  // As a person answering "Allow" to the browser's question.
  await context.grantPermissions(["notifications"], { origin: base });
  page = await context.newPage();
  cdp = await context.newCDPSession(page);
  cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
    const ours = registrations.find((r) => r.scopeURL === `${base}/` && !r.isDeleted);
    if (ours) registrationId = ours.registrationId;
  });
  await cdp.send("ServiceWorker.enable");
  const token = await stack.signIn(ADMIN.email, ADMIN.password);
  const { devices } = await stack.gql<{ devices: { id: string; label: string }[] }>(token, `{ devices { id label } }`);
  deviceId = devices[0]!.id;
}, 300_000);

afterAll(() => stack?.stop(), 60_000);

async function signIn(p: Page) {
  await p.goto(`${base}/signin`);
  await p.getByRole("textbox", { name: /^Email/ }).fill(ADMIN.email);
  await p.getByLabel(/^Password/).fill(ADMIN.password);
  await p.getByRole("button", { name: "Sign in", exact: true }).click();
  await p.waitForURL(`${base}/`);
}

/** The app's service worker as Playwright sees it (a worker it can evaluate in). */
async function serviceWorker(): Promise<Worker> {
  return context.serviceWorkers().find((w) => w.url() === `${base}/sw.js`) ?? context.waitForEvent("serviceworker");
}

type Shown = { title: string; body: string; tag: string; requireInteraction: boolean; data: { url: string } };
const shownNotifications = () =>
  page.evaluate(async () =>
    (await (await (globalThis as unknown as PageGlobals).navigator.serviceWorker.ready).getNotifications()).map(
      (n) => ({
        title: n.title,
        body: n.body,
        tag: n.tag,
        requireInteraction: n.requireInteraction,
        data: n.data as { url: string },
      }),
    ),
  );

describe("the installable app in Chromium", () => {
  it("registers the service worker, which controls the page", async () => {
    await signIn(page);
    const scope = await page.evaluate(
      async () => (await (globalThis as unknown as PageGlobals).navigator.serviceWorker.ready).scope,
    );
    expect(scope).toBe(`${base}/`);
    // clients.claim(): the first load is controlled without a reload.
    await page.waitForFunction(() =>
      (globalThis as unknown as PageGlobals).navigator.serviceWorker.controller?.scriptURL.endsWith("/sw.js"),
    );
    expect(registrationId).toBeDefined();
    expect((await serviceWorker()).url()).toBe(`${base}/sw.js`);
  }, 120_000);

  it("serves a valid manifest: name, start URL, standalone, theme colour and icons", async () => {
    const { errors, url } = await cdp.send("Page.getAppManifest");
    expect(url).toBe(`${base}/manifest.webmanifest`);
    expect(errors).toEqual([]);
    const res = await fetch(url);
    expect(res.headers.get("content-type")).toMatch(/^application\/manifest\+json/);
    const manifest = (await res.json()) as {
      name: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: { src: string; sizes: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({
      name: "Homegraph",
      start_url: "/",
      display: "standalone",
      theme_color: "#12b886",
    });
    for (const [sizes, purpose] of [
      ["192x192", "any"],
      ["512x512", "any"],
      ["512x512", "maskable"],
    ]) {
      const icon = manifest.icons.find((i) => i.sizes === sizes && i.purpose === purpose)!;
      const png = Buffer.from(await (await fetch(`${base}${icon.src}`)).arrayBuffer());
      // A PNG's IHDR: width and height at bytes 16 and 20.
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(sizes);
    }
  });

  it("shows a pushed notification, and a click on it opens the device's screen", async () => {
    const payload = {
      id: "push-e2e-1",
      kind: "DEVICE_HEALTH",
      severity: "CRITICAL",
      title: "Porch light offline",
      body: "It has not answered for 10 minutes.",
      url: `/devices/${deviceId}`,
    };
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: base,
      registrationId: registrationId!,
      data: JSON.stringify(payload),
    });
    // The service worker wakes for the push and shows it; on a busy machine that takes seconds.
    let shown: Shown[] = [];
    for (const until = Date.now() + 20_000; shown.length === 0 && Date.now() < until;) {
      shown = await shownNotifications();
      if (!shown.length) await page.waitForTimeout(100);
    }
    expect(shown).toEqual([
      {
        title: payload.title,
        body: payload.body,
        tag: payload.id,
        requireInteraction: true,
        data: { id: payload.id, kind: payload.kind, url: payload.url },
      },
    ]);

    // DevTools has no way to click a system notification. So the click is the event the browser
    // would fire, dispatched in the service worker's own context with the notification the push
    // showed: its real notificationclick listener runs. (Focusing a window needs a person's click,
    // so here only the navigation can happen; push-actions.test.ts covers the rest.)
    expect(new URL(page.url()).pathname).toBe("/");
    const worker = await serviceWorker();
    await worker.evaluate(async (tag) => {
      const sw = globalThis as unknown as WorkerGlobals;
      const [notification] = await sw.registration.getNotifications({ tag });
      sw.dispatchEvent(new sw.NotificationEvent("notificationclick", { notification: notification! }));
    }, payload.id);
    await page.waitForURL(`${base}/devices/${deviceId}`);
    await page.getByRole("heading", { level: 2 }).first().waitFor();
    expect(await shownNotifications()).toEqual([]);
  }, 60_000);

  it("keeps GraphQL and sign-in answers out of its caches", async () => {
    const cached = await page.evaluate(async () => {
      const { caches } = globalThis as unknown as PageGlobals;
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain("/index.html");
    expect(cached.filter((u) => /^\/(graphql|auth|api|users|system|health)/.test(u))).toEqual([]);
  });

  it("opens offline from the cache, with a notice that the server cannot be reached", async () => {
    await page.goto(`${base}/`);
    await page.waitForFunction(() => !!(globalThis as unknown as PageGlobals).navigator.serviceWorker.controller);
    await context.setOffline(true);
    try {
      await page.reload();
      const notice = page.getByTestId("offline-notice");
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(/You're offline/);
      // The app itself came from the cache: the sign-in screen, since the session needs the server.
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await page.getByRole("heading", { name: "Homegraph" }).first().waitFor();
      await screenshotBoth(page, "offline");
    } finally {
      await context.setOffline(false);
    }
    // Back online: signing in works again, and the notice goes with the first answer.
    await page.getByRole("textbox", { name: /^Email/ }).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${base}/`);
    await page.getByTestId("offline-notice").waitFor({ state: "detached" });
  }, 60_000);
});

describe("the bell, live from the server", () => {
  const bellCountIs = (n: number) =>
    page.waitForFunction(
      (expected) =>
        Number(
          (globalThis as unknown as PageGlobals).document
            .querySelector("[data-testid=bell-count]")
            ?.getAttribute("data-count"),
        ) === expected,
      n,
    );

  it("counts a notification the email service sends, with a toast, and opens it from the popover", async () => {
    // Sign-ins from a new browser (this one's, and the test's own below) put a security notice in
    // the admin's inbox through auth's outbox: wait until the server's count settles, then expect
    // the bell to show it before anything is sent.
    const session = await stack.signIn(ADMIN.email, ADMIN.password);
    const unread = async () =>
      (await stack.gql<{ unreadNotificationCount: number }>(session, "{ unreadNotificationCount }"))
        .unreadNotificationCount;
    let before = await unread();
    for (let settled = 0; settled < 3;) {
      await new Promise((r) => setTimeout(r, 500));
      const now = await unread();
      settled = now === before ? settled + 1 : 0;
      before = now;
    }
    await page.goto(`${base}/`);
    const bell = page.getByTestId("bell");
    await bell.waitFor();
    await bellCountIs(before);

    const auth = `http://127.0.0.1:${stack.ports.auth}`;
    const minted = await fetch(`${auth}/internal/service-token`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Service ${SERVICE_SECRET}`,
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ service: "home" }),
    });
    const { token } = (await minted.json()) as { token: string };
    const me = await stack.gql<{ me: { id: string } }>(session, "{ me { id } }");
    const sent = await fetch(`http://127.0.0.1:${stack.ports.email}/notifications`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({
        audience: { userIds: [Number(me.me.id)] },
        kind: "DEVICE_HEALTH",
        severity: "WARNING",
        title: "Kitchen sensor battery low",
        body: "12 % left.",
        url: `/devices/${deviceId}`,
        dedupeKey: `pwa-e2e-${randomUUID()}`,
        channels: ["IN_APP"],
      }),
    });
    expect(sent.status).toBe(202);

    await page.getByText("Kitchen sensor battery low").first().waitFor();
    await bellCountIs(before + 1);
    await bell.click();
    await page
      .getByTestId("bell-popover")
      .getByRole("button", { name: /Kitchen sensor battery low/ })
      .click();
    await page.waitForURL(`${base}/devices/${deviceId}`);
    await bellCountIs(before);
  }, 60_000);
});
