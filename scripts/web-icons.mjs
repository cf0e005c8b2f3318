#!/usr/bin/env node
// `node scripts/web-icons.mjs`: draws the web app's icons (web/public/icons) as SVG and rasterises
// them with Debian's Chromium (playwright-core), so no image library is needed. The PNGs are
// committed; run this again only when the drawing or the theme colour changes.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

/** Mantine's teal[6]: the primary colour of web/src/theme.ts, and the manifest's theme_color. */
export const THEME_COLOR = "#12b886";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "web", "public", "icons");

// A house whose roof and walls are a small graph: nodes joined by edges, on the theme colour.
// `inset` shrinks the drawing into the maskable safe zone (the middle 80 %), `round` the corners.
function svg({ size, inset, round }) {
  const s = (v) => (v * (1 - 2 * inset) + inset * 100).toFixed(2);
  const nodes = [
    [50, 20],
    [22, 44],
    [78, 44],
    [28, 80],
    [72, 80],
    [50, 58],
  ];
  const edges = [
    [0, 1],
    [0, 2],
    [1, 3],
    [2, 4],
    [3, 4],
    [1, 5],
    [2, 5],
    [5, 3],
    [5, 4],
  ];
  const lines = edges
    .map(
      ([a, b]) => `<line x1="${s(nodes[a][0])}" y1="${s(nodes[a][1])}" x2="${s(nodes[b][0])}" y2="${s(nodes[b][1])}"/>`,
    )
    .join("");
  const dots = nodes
    .map(([x, y]) => `<circle cx="${s(x)}" cy="${s(y)}" r="${(7 * (1 - 2 * inset)).toFixed(2)}"/>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
<rect width="100" height="100" rx="${round}" fill="${THEME_COLOR}"/>
<g stroke="#fff" stroke-width="${(4.5 * (1 - 2 * inset)).toFixed(2)}" stroke-linecap="round">${lines}</g>
<g fill="#fff">${dots}</g></svg>`;
}

const ICONS = [
  { file: "icon-192.png", size: 192, inset: 0.08, round: 22 },
  { file: "icon-512.png", size: 512, inset: 0.08, round: 22 },
  // Maskable: the platform crops it to its own shape, so full bleed and the drawing kept central.
  { file: "icon-maskable-512.png", size: 512, inset: 0.2, round: 0 },
  { file: "apple-touch-icon.png", size: 180, inset: 0.14, round: 0 },
];

mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "icon.svg"), svg({ size: 100, inset: 0.08, round: 22 }));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const page = await browser.newPage();
  for (const icon of ICONS) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg(icon)}</body></html>`);
    await page.locator("svg").screenshot({ path: path.join(out, icon.file), omitBackground: true });
    console.log(`web/public/icons/${icon.file}`);
  }
} finally {
  await browser.close();
}
