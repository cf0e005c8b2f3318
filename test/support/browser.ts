import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT } from "../../scripts/lib/stack-harness.cjs";

/** Debian's Chromium (CI installs it: `apt-get install chromium`); playwright downloads nothing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Kept by CI (`.ci/run` prints the folder); git ignores it. */
export const SCREENSHOTS = path.join(ROOT, "artifacts", "screenshots");

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1440, height: 900 },
} as const;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH. The browser tests cannot run without it.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** The page at both sizes, full length, as `<name>-390x844.png` and `<name>-1440x900.png`. */
export async function screenshotBoth(page: Page, name: string, ready?: () => Promise<unknown>): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const size of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
    await page.setViewportSize(size);
    await ready?.();
    // Let the layout settle (Mantine's breakpoints switch on resize).
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}
