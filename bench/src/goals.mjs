// The one table: every comparison of the run as subject vs peer, their ratio, and the goal it
// is held to.
import { markdownTable } from "./autocannon.mjs";

const ratio = (a, b) => (a == null || b == null || b === 0 ? null : +(a / b).toFixed(2));
const http = (r) =>
  r.requests === 0
    ? `no answer within the run, ${r.errors + r.non2xx} err`
    : `${r.rps} RPS, p50 ${r.p50} / p99 ${r.p99} ms, ${r.errors + r.non2xx} err`;
const times = (value, what) => (value === null ? "—" : `${value}× ${what}`);
const p99Of = (r) => (r.p99 === null ? "no answer" : `p99 ${r.p99} ms`);
const atLeast = (value, goal) => value !== null && value >= goal;
const atMost = (value, goal) => value !== null && value <= goal;

/**
 * Rows of [scenario, subject, peer, subject figures, peer figures, ratio, goal, met]. `met` is
 * true/false, or null where a row carries no goal.
 */
export function comparisons(results) {
  const rows = [];
  const add = (scenario, subject, peer, subjectFigures, peerFigures, value, goal, met) =>
    rows.push({ scenario, subject, peer, subjectFigures, peerFigures, ratio: value, goal, met });

  const queries = results["gateway queries"];
  if (queries) {
    for (const [operation, bySubject] of Object.entries(queries.operations)) {
      const hg = bySubject.homegraph;
      const scenario = `\`${operation}\`, ${queries.connections} conn`;
      const hive = bySubject.hive;
      const apollo = bySubject.apollo;
      const rpsHive = ratio(hg.rps, hive.rps);
      const rpsApollo = ratio(hg.rps, apollo.rps);
      if (operation === "dashboard") {
        add(
          scenario,
          "Homegraph",
          "Hive Gateway",
          http(hg),
          http(hive),
          times(rpsHive, "RPS"),
          "≥ 1.0× RPS",
          atLeast(rpsHive, 1),
        );
        const p99 = ratio(hg.p99, hive.p99);
        add(
          scenario,
          "Homegraph",
          "Hive Gateway",
          p99Of(hg),
          p99Of(hive),
          times(p99, "p99"),
          "p99 ≤ 1.0×",
          atMost(p99, 1),
        );
        add(
          scenario,
          "Homegraph",
          "stock @apollo/gateway",
          http(hg),
          http(apollo),
          times(rpsApollo, "RPS"),
          "≥ 3× RPS",
          atLeast(rpsApollo, 3),
        );
      } else {
        add(scenario, "Homegraph", "Hive Gateway", http(hg), http(hive), times(rpsHive, "RPS"), "—", null);
        add(scenario, "Homegraph", "stock @apollo/gateway", http(hg), http(apollo), times(rpsApollo, "RPS"), "—", null);
      }
      if (bySubject["auth-direct"]) {
        const floor = bySubject["auth-direct"];
        const r = ratio(hg.rps, floor.rps);
        add(
          scenario,
          "Homegraph",
          "auth subgraph direct (floor)",
          http(hg),
          http(floor),
          times(r, "RPS"),
          "≥ 0.6× RPS",
          atLeast(r, 0.6),
        );
      }
      const errors = Object.values(bySubject).reduce((n, r) => n + r.errors + r.non2xx, 0);
      if (errors) add(scenario, "every subject", "—", `${errors} errors`, "—", "—", "0 errors", false);
    }
    for (const [service, pool] of Object.entries(queries.pool ?? {})) {
      if (!pool) continue;
      add(
        "database pool under the dashboard",
        `${service} service`,
        `pool of ${pool.poolMax}`,
        `queued max ${pool.pendingMax}, mean ${pool.pendingMean}; in use max ${pool.usedMax}`,
        `${pool.poolMax} connections`,
        `${pool.usedMax}/${pool.poolMax} used, queue in ${Math.round(pool.saturatedShare * 100)} % of samples`,
        "—",
        null,
      );
    }
  }

  const byRole = results["dashboard by role"];
  if (byRole) {
    add(
      `\`dashboard\`, ${byRole.connections} conn`,
      "MEMBER with grants on 50 devices",
      "ADMIN",
      http(byRole.member),
      http(byRole.admin),
      times(byRole.ratio, "RPS"),
      "≥ 0.9× RPS",
      atLeast(byRole.ratio, 0.9),
    );
  }

  const events = results["home events to subscribers"];
  if (events) {
    const { gateway: g, floor: f, ingestion } = events;
    const scenario = `subscriptions, ${g.subscribers} subscribers, 100 ev/s`;
    const subjectFigures = `p50 ${g.p50} / p99 ${g.p99} ms, lost ${g.lost} of ${g.expected}${g.sockets?.failed ? ` (${g.sockets.failed} sockets failed: ${g.sockets.firstError})` : ""}${g.posted?.failed ? ` (${g.posted.failed} of ${g.sent} event POSTs failed: ${JSON.stringify(g.posted.statuses)})` : ""}, RSS ${g.gatewayRssMiB.idle}→${g.gatewayRssMiB.peak} MiB`;
    const floorFigures = `p50 ${f.p50} / p99 ${f.p99} ms, lost ${f.lost}`;
    const r = ratio(g.p99, f.p99);
    add(
      scenario,
      "Homegraph (hub POST → client)",
      "raw `ws` broadcast (floor)",
      subjectFigures,
      floorFigures,
      times(r, "p99"),
      "≤ 2× p99",
      atMost(r, 2),
    );
    add(scenario, "Homegraph", "—", `p99 ${g.p99} ms`, "—", "—", "p99 < 50 ms", g.p99 !== null && g.p99 < 50);
    add(
      scenario,
      "Homegraph",
      "—",
      `lost ${g.lost} of ${g.expected}`,
      "—",
      "—",
      "0 lost",
      g.lost === 0 && g.expected > 0,
    );
    add(
      "hub event ingestion (ramp)",
      "home service",
      "—",
      `${ingestion.sustainedPerSecond} events/s sustained`,
      "—",
      "—",
      "≥ 1,000 events/s",
      ingestion.sustainedPerSecond >= 1000,
    );
  }

  const storm = results["sign-in storm"];
  if (storm) {
    const r = ratio(storm.during.p99, storm.alone.p99);
    add(
      "sign-in storm (50 sign-ins at once)",
      "`me` during the storm",
      "`me` alone",
      http(storm.during),
      http(storm.alone),
      times(r, "p99"),
      "p99 < 50 ms",
      storm.during.p99 !== null && storm.during.p99 < 50 && storm.during.errors + storm.during.non2xx === 0,
    );
  }

  const passkeys = results["passkey sign-in"];
  if (passkeys) {
    const s = passkeys.signIns;
    add(
      `passkey sign-in: ${passkeys.concurrency} at once`,
      "`POST /auth/passkey/login` (finishPasskeySignIn)",
      "—",
      `${s.count} sign-ins in ${s.rounds} rounds, p50 ${s.p50} / p99 ${s.p99} ms, ${s.errors} err`,
      "—",
      "—",
      "p99 < 100 ms",
      s.p99 !== null && s.p99 < 100 && s.errors === 0,
    );
    const meLine = (r) => `p50 ${r.p50} / p99 ${r.p99} ms, ${r.errors} err`;
    add(
      `passkey sign-in: ${passkeys.concurrency} at once`,
      "`me` during the sign-ins (one call after another)",
      "`me` alone",
      meLine(passkeys.during),
      meLine(passkeys.alone),
      times(ratio(passkeys.during.p99, passkeys.alone.p99), "p99"),
      "p99 < 50 ms and < 2× alone",
      passkeys.during.p99 !== null &&
        passkeys.during.p99 < 50 &&
        passkeys.during.p99 < 2 * passkeys.alone.p99 &&
        passkeys.during.errors === 0,
    );
  }

  const history = results["history charts"];
  if (history) {
    for (const sensor of history.sensors) {
      add(
        `history: a year's chart, ${sensor.readings.toLocaleString("en")} readings`,
        `\`deviceHistory\` (${sensor.points} ${sensor.resolution} points from rollups)`,
        "the same query without rollups",
        `p50 ${sensor.year.p50} / p99 ${sensor.year.p99} ms`,
        `p50 ${sensor.raw.p50} / p99 ${sensor.raw.p99} ms`,
        times(ratio(sensor.year.p99, sensor.raw.p99), "p99"),
        "p99 < 200 ms",
        sensor.year.p99 < 200,
      );
    }
  }

  const email = results["bulk email"];
  if (email) {
    add(
      "bulk email",
      `accept ${email.count} addresses`,
      "—",
      `${email.acceptMs} ms`,
      "—",
      "—",
      "< 1 s",
      email.acceptMs < 1000,
    );
    add(
      "bulk email",
      "delivery to the SMTP sink",
      "—",
      `${email.perSecond} messages/s (${email.delivered} of ${email.count} in ${email.deliverMs} ms)`,
      "—",
      "—",
      "≥ 200 messages/s",
      email.perSecond >= 200 && email.delivered === email.count,
    );
  }
  const notes = results["notifications"];
  if (notes) {
    add(
      "notifications",
      `accept one POST to ${notes.people} people`,
      "—",
      `${notes.acceptMs} ms`,
      "—",
      "—",
      "< 1 s",
      notes.acceptMs < 1000,
    );
    add(
      "notifications",
      "push delivery to the local push service",
      "—",
      `${notes.perSecond} pushes/s (${notes.delivered} of ${notes.people} in ${notes.deliverMs} ms)`,
      "—",
      "—",
      "≥ 200 pushes/s",
      notes.perSecond >= 200 && notes.delivered === notes.people,
    );
    add(
      "notifications",
      `inbox with ${notes.stored} stored (first page + unread count)`,
      "—",
      `p50 ${notes.inbox.p50} / p99 ${notes.inbox.p99} ms`,
      "—",
      "—",
      "p99 < 50 ms",
      notes.inbox.p99 < 50 && notes.unread.p99 < 50,
    );
    add(
      "notifications",
      "the same inbox, straight at the email subgraph (floor)",
      "—",
      `p50 ${notes.direct.p50} / p99 ${notes.direct.p99} ms`,
      "—",
      "—",
      "—",
      null,
    );
  }
  return rows;
}

export function summaryTable(rows, { quick }) {
  const met = (m) => (m === null ? "—" : quick ? `(${m ? "yes" : "no"}: quick, not asserted)` : m ? "yes" : "**no**");
  return markdownTable(
    ["scenario", "subject", "peer", "subject figures", "peer figures", "ratio", "goal", "met?"],
    rows.map((r) => [r.scenario, r.subject, r.peer, r.subjectFigures, r.peerFigures, r.ratio, r.goal, met(r.met)]),
  );
}
