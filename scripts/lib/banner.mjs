// What `npm start` prints once everything is up.
import { paint } from "./log-format.mjs";

/** A connection URL fit for a terminal: the password replaced, the rest kept. */
export function maskUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/**
 * More `[label, value]` rows for the banner. The hook for what later parts add: the web UI's
 * address, the first-run admin sign-in, the dev mailbox, the hub simulator.
 */
export async function extraBannerRows(_context) {
  return [];
}

function hubRow(cfg, hub) {
  if (hub.simulated) return ["Hub", hub.url, "simulator; token in HUBITAT_ACCESS_TOKEN or hub-simulator/README.md"];
  if (cfg.HUBITAT_HUBS) return ["Hubs", `Hubitat hubs ${cfg.HUBITAT_HUBS} (HUBITAT_HUBS)`];
  return ["Hub", cfg.HUBITAT_HUB_IP ? `Hubitat at ${cfg.HUBITAT_HUB_IP}` : "Hubitat cloud (HUBITAT_CLOUD_URL)"];
}

/**
 * Prints the banner once everything is up. `context`: as for `renderBanner`, plus `hub` (from the
 * start of the services) and `config` (the start configuration).
 */
export async function printBanner(context) {
  const { gatewayUrl, database, hub, config } = context;
  const signIn = database.embedded
    ? [["Sign in", "test@example.com / password", "the demo admin, unless you changed it"]]
    : [];
  process.stdout.write(
    renderBanner(context, [
      ["Web app", `${gatewayUrl}/`, "open it in a browser"],
      hubRow(config, hub),
      ...signIn,
      ...(await extraBannerRows(context)),
    ]) + "\n",
  );
}

/**
 * `context`: `{ gatewayUrl, database: { embedded, url, dataDir }, startupMs, color }`; `extraRows`
 * as returned by `extraBannerRows`.
 */
export function renderBanner(context, extraRows = []) {
  const { gatewayUrl, database, startupMs, color } = context;
  const rows = [
    ["GraphQL", `${gatewayUrl}/graphql`, "open it in a browser for Apollo Sandbox"],
    ["Health", `${gatewayUrl}/health`],
    database.embedded
      ? ["Database", `embedded PostgreSQL, data in ${database.dataDir}`, maskUrl(database.url)]
      : ["Database", maskUrl(database.url), "from DATABASE_URL"],
    ...extraRows,
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    "",
    paint(color, "bold", `  Homegraph is up`) + paint(color, "gray", ` (ready in ${(startupMs / 1000).toFixed(1)} s)`),
    "",
    ...rows.map(
      ([label, value, note]) =>
        `  ${paint(color, "gray", label.padEnd(width))}  ${paint(color, "cyan", value)}${note ? paint(color, "gray", `  (${note})`) : ""}`,
    ),
    "",
    `  Press ${paint(color, "bold", "Ctrl-C")} to stop everything.`,
    "",
  ];
  return lines.join("\n");
}
