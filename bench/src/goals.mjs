// The one table: every comparison of the run as subject vs peer, their ratio, and the goal it
// is held to.
import { invalidity, markdownTable } from "./autocannon.mjs";

const ratio = (a, b) => (a == null || b == null || b === 0 ? null : +(a / b).toFixed(2));
const http = (r) =>
  r.valid === false
    ? `invalid: ${invalidity(r)}`
    : r.requests === 0
      ? `no answer within the run, ${r.errors + r.non2xx} err`
      : `${r.rps} RPS${r.rpsRange ? ` (${r.rpsRange[0]}–${r.rpsRange[1]})` : ""}, p50 ${r.p50} / p99 ${r.p99} ms, ${r.errors + r.non2xx} err`;
const times = (value, what) => (value === null ? "—" : `${value}× ${what}`);
const atLeast = (value, goal) => value !== null && value >= goal;
const atMost = (value, goal) => value !== null && value <= goal;

/**
 * Rows of [scenario, subject, peer, subject figures, peer figures, ratio, goal, met, reason]. `met`
 * is true/false, or null where a row carries no goal; `reason` says why where it is not plain.
 */
export function comparisons(results) {
  const rows = [];
  const add = (scenario, subject, peer, subjectFigures, peerFigures, value, goal, met, reason) =>
    rows.push({ scenario, subject, peer, subjectFigures, peerFigures, ratio: value, goal, met, reason });

  const queries = results["gateway queries"];
  if (queries?.modes) {
    // Goals hold on a household's figures (distinct sessions: nothing shared between callers); one
    // token's are shown beside them.
    for (const [modeKey, mode] of Object.entries(queries.modes)) {
      const judged = modeKey === "sessions";
      for (const [operation, bySubject] of Object.entries(mode.operations)) {
        const scenario = `\`${operation}\`, ${queries.connections} conn, ${mode.label}`;
        const hg = bySubject.homegraph;
        const versus = (peerLabel, peer, goal, value, compare, threshold) => {
          const invalid = [
            ["Homegraph", hg],
            [peerLabel, peer],
          ].filter(([, r]) => !r.valid);
          const figure = invalid.length ? null : value();
          const shown = figure === null ? "—" : times(figure, compare === atMost ? "p99" : "RPS");
          if (!judged || goal === "—") {
            add(scenario, "Homegraph", peerLabel, http(hg), http(peer), shown, "—", null);
            return;
          }
          const met = figure !== null && compare(figure, threshold);
          const reason = invalid.length
            ? `invalid run: ${invalid.map(([who, r]) => `${who} ${invalidity(r)}`).join("; ")}`
            : `${figure}× ${met ? (compare === atMost ? "≤" : "≥") : compare === atMost ? ">" : "<"} ${threshold}×`;
          add(scenario, "Homegraph", peerLabel, http(hg), http(peer), shown, goal, met, reason);
        };
        const rps = (peer) => () => ratio(hg.rps, peer.rps);
        const { hive, apollo } = bySubject;
        if (operation === "dashboard") {
          versus("Hive Gateway", hive, "≥ 1.0× RPS", rps(hive), atLeast, 1);
          versus("Hive Gateway", hive, "p99 ≤ 1.0×", () => ratio(hg.p99, hive.p99), atMost, 1);
          versus("stock @apollo/gateway", apollo, "≥ 3× RPS", rps(apollo), atLeast, 3);
        } else {
          versus("Hive Gateway", hive, "—", rps(hive), atLeast);
          versus("stock @apollo/gateway", apollo, "—", rps(apollo), atLeast);
        }
        const floor = bySubject["auth-direct"];
        if (floor) versus("auth subgraph direct (floor)", floor, "≥ 0.6× RPS", rps(floor), atLeast, 0.6);
        const invalid = Object.values(bySubject).filter((r) => !r.valid).length;
        if (invalid) {
          add(scenario, "every subject", "—", `${invalid} invalid run(s)`, "—", "—", "0 errors", false, "see the runs");
        }
      }
      for (const [service, pool] of Object.entries(mode.pool ?? {})) {
        if (!pool) continue;
        add(
          `database pool under the dashboard, ${mode.label}`,
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
  if (events?.homegraph) {
    const { homegraph: hg, hive, floor, ingestion } = events;
    const scenario = `subscription fan-out ramp, ${hg.subscribers} subscribers (p99 < 100 ms, nothing lost)`;
    const ceilings = (r) =>
      Object.entries(r.ceilings ?? {})
        .map(([name, rate]) => `${name} ${rate ?? "—"}`)
        .join(", ");
    const rampFigures = (r) =>
      r
        ? `${r.sustainedRate} ev/s sustained${r.stopped ? `; stopped ${r.stopped} (load ${r.steps.at(-1).loadavg})` : ""}${r.sockets.failed ? `; ${r.sockets.failed} sockets failed (${r.sockets.firstError})` : ""}; ev/s one core of each would carry: ${ceilings(r)}`
        : "not run";
    // A subject none of whose clients connected measured nothing: its figure is no figure.
    const invalid = (r) => !r || r.live === 0 || r.sockets.failed > 0;
    // When the machine sustains no step, what each subject's path costs a delivery still compares:
    // the slowest process's rate on one whole core, Homegraph's against the peer's.
    const coreRate = (r) => {
      const rates = Object.entries(r.ceilings ?? {})
        .filter(([name, rate]) => name !== "bench clients" && rate)
        .map(([, rate]) => rate);
      return rates.length ? Math.min(...rates) : null;
    };
    const coreRatio = (peer) => {
      const value = ratio(coreRate(hg), coreRate(peer));
      return value === null
        ? ""
        : `; by CPU per delivery, one core carries ${coreRate(hg)} ev/s through Homegraph, ${coreRate(peer)} through the peer: ${value}×`;
    };
    const judge = (peerLabel, peer, goal, threshold, strictlyAhead) => {
      const value = invalid(hg) || invalid(peer) ? null : ratio(hg.sustainedRate, peer.sustainedRate);
      const shown = value === null ? "—" : `${value}× ev/s`;
      let met;
      let reason;
      if (!invalid(hg) && !invalid(peer) && peer.sustainedRate === 0) {
        // Nothing to be a fraction of: the machine could not carry the ramp's first step even bare.
        met = strictlyAhead ? hg.sustainedRate > 0 : false;
        reason = `${met ? `${hg.sustainedRate} > 0 ev/s: ` : ""}${peerLabel} sustained no step (stopped ${peer.stopped}): ${met ? "" : "no figure on this machine now"}${coreRatio(peer)}`;
      } else if (value === null) {
        met = false;
        const who = [
          ["Homegraph", hg],
          [peerLabel, peer],
        ].filter(([, r]) => invalid(r));
        reason = `invalid run: ${who.map(([w, r]) => `${w} ${r ? `${r.live} live, ${r.sockets.failed} sockets failed` : "not run"}`).join("; ")}`;
      } else if (strictlyAhead) {
        met = hg.sustainedRate > peer.sustainedRate;
        reason = `${hg.sustainedRate} ${met ? ">" : "≤"} ${peer.sustainedRate} ev/s`;
      } else {
        met = value >= threshold;
        reason = `${value}× ${met ? "≥" : "<"} ${threshold}×`;
      }
      add(scenario, "Homegraph gateway", peerLabel, rampFigures(hg), rampFigures(peer), shown, goal, met, reason);
    };
    judge("bare `ws` broadcast (floor)", floor, "≥ 0.8× the floor's rate", 0.8, false);
    judge("Hive Gateway (graphql-ws to home)", hive, "ahead of Hive Gateway", null, true);
    const per1000 = hg.memory.per1000MiB;
    add(
      `memory of ${hg.live} idle subscribers`,
      "Homegraph gateway",
      "Hive Gateway",
      `${per1000 ?? "—"} MiB per 1,000 (RSS ${hg.memory.rssBeforeMiB} → ${hg.memory.rssIdleMiB} MiB)`,
      hive
        ? `${hive.memory.per1000MiB ?? "—"} MiB per 1,000 (RSS ${hive.memory.rssBeforeMiB} → ${hive.memory.rssIdleMiB} MiB)`
        : "not run",
      hive ? times(ratio(per1000, hive.memory.per1000MiB), "MiB") : "—",
      "≤ 50 MiB per 1,000",
      atMost(per1000, 50) && !invalid(hg),
      per1000 === null ? "not measured" : `${per1000} MiB ${per1000 <= 50 ? "≤" : ">"} 50 MiB`,
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
  if (storm?.signIns) {
    const { during, alone, signIns } = storm;
    const refused = Object.entries(signIns.statuses).filter(([code]) => code !== "401");
    const line = (r) =>
      `${r.calls} calls, p50 ${r.p50} / p99 ${r.p99} ms (each repeat: ${r.p99s.join(", ")}), ${r.errors} err`;
    const met = during.p99 !== null && during.p99 < 50 && during.errors === 0 && refused.length === 0;
    add(
      `sign-in storm (${storm.atOnce} unknown addresses at once, round after round)`,
      "`me` during the storm (one call after another)",
      "`me` alone",
      line(during),
      line(alone),
      times(ratio(during.p99, alone.p99), "p99"),
      "p99 < 50 ms, every sign-in answered 401",
      met,
      refused.length
        ? `sign-ins answered ${refused.map(([c, n]) => `${c} ×${n}`).join(", ")}`
        : `p99 ${during.p99} ms ${during.p99 < 50 ? "<" : "≥"} 50 ms${during.errors ? `, ${during.errors} errors` : ""}`,
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
  const met = (r) => {
    if (r.met === null) return "—";
    const word = quick ? `(${r.met ? "yes" : "no"}: quick, not asserted)` : r.met ? "yes" : "**no**";
    return r.reason ? `${word}: ${r.reason}` : word;
  };
  return markdownTable(
    ["scenario", "subject", "peer", "subject figures", "peer figures", "ratio", "goal", "met?"],
    rows.map((r) => [r.scenario, r.subject, r.peer, r.subjectFigures, r.peerFigures, r.ratio, r.goal, met(r)]),
  );
}
