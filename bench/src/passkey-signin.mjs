// Passkey sign-ins through the gateway's REST pair, measured as a storm: 20 browsers, each with a
// passkey of its own (as the sign-in page's "Sign in with a passkey" button does it), start signing
// in at the same moment, round after round. Each asks for options, its authenticator signs, and
// the 20 answers arrive together. Timed: the finishing call (`POST /auth/passkey/login`:
// finishPasskeySignIn), the options call, and `me` called one request after another by someone
// already signed in, alone and during the storm (as the bcrypt sign-in storm is measured). A
// closed loop of the same 20 browsers signing in again and again, with nothing else running,
// gives the most sign-ins a second.
import { fileURLToPath } from "node:url";
import { VirtualAuthenticator } from "../../test/support/virtual-authenticator.cjs";
import { markdownTable } from "./autocannon.mjs";
import { postJson } from "@homegraph/common";
import { cpuMeter } from "./process-cpu.mjs";
import { graphql, signIn } from "./session.mjs";
import { BENCH_PUBLIC_URL, startStack } from "./stack.mjs";

const ME = { query: "{ me { id displayName role } }" };
const SETTING = `mutation ($k: String!, $v: String!) { setSystemSetting(key: $k, value: $v) { key } }`;
/** A pause between rounds, so each round starts on a quiet stack: 20 at once, not a queue. */
const ROUND_GAP_MS = 250;
/** From the options to the answer: the authenticator's prompt and the person's touch. */
const GESTURE_MS = 300;
/** A call unanswered this long counts as an error rather than a figure (as in the stack's own timeout). */
const TIMEOUT_MS = 120_000;

const post = async (url, body, cookie) => {
  const res = await postJson(new URL(url), body, { headers: cookie ? { cookie } : {}, timeoutMs: TIMEOUT_MS });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = res.headers["set-cookie"];
  return { json: res.body, setCookie: Array.isArray(setCookie) ? setCookie.join(", ") : (setCookie ?? "") };
};

/** Adds one passkey per device to the admin (from a fresh sign-in: adding one needs a recent step-up). */
async function enrol(stack, devices) {
  const token = await signIn(stack.url);
  const gql = (query, variables) => graphql(`${stack.url}/graphql`, token, query, variables);
  for (const device of devices) {
    const begun = await gql(`mutation { beginPasskeyRegistration { challengeId optionsJSON } }`);
    const { challengeId, optionsJSON } = begun.beginPasskeyRegistration;
    await gql(
      `mutation ($c: String!, $r: String!) { finishPasskeyRegistration(challengeId: $c, response: $r) { id } }`,
      { c: challengeId, r: JSON.stringify(device.createResponse(optionsJSON)) },
    );
  }
  return gql;
}

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : null;
const summary = (values, seconds) => {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v) => (v == null ? null : Math.round(v));
  return {
    count: sorted.length,
    perSecond: Math.round(sorted.length / seconds),
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1)),
  };
};

/**
 * A browser: `begin` asks for options (the sign-in page's button) and has the authenticator sign;
 * `finish` sends the answer. The two are apart in life by the person's touch or glance.
 */
function browser(url, device) {
  let cookie;
  let pending;
  const begin = async () => {
    const started = performance.now();
    const { json: options } = await post(`${url}/auth/passkey/options`, {}, cookie);
    pending = { challengeId: options.challengeId, response: device.getResponse(options.options) };
    return performance.now() - started;
  };
  const finish = async () => {
    const started = performance.now();
    const { setCookie } = await post(`${url}/auth/passkey/login`, pending, cookie);
    const took = performance.now() - started;
    const id = /hg_browser=([^;]+)/.exec(setCookie);
    if (id) cookie = `hg_browser=${id[1]}`;
    return took;
  };
  return { begin, finish, once: async () => (await begin(), await finish()) };
}

/** `me` one call after another while `going()`: what a person already in the app feels. */
async function meInSequence(url, token, going) {
  const latencies = [];
  let errors = 0;
  while (going()) {
    const started = performance.now();
    try {
      const res = await postJson(new URL(`${url}/graphql`), ME, {
        headers: { authorization: `Bearer ${token}` },
        timeoutMs: TIMEOUT_MS,
      });
      const body = res.body;
      if (res.status !== 200 || !body || body.errors || !body.data?.me) errors++;
      else latencies.push(performance.now() - started);
    } catch {
      errors++;
    }
  }
  return { latencies, errors };
}

/**
 * `rounds` rounds: the 20 browsers start at once (20 options calls together), their people
 * touch the authenticator (GESTURE_MS, far quicker than anyone does), and the 20 answers arrive
 * together: the finishing calls are the 20 concurrent sign-ins timed.
 */
async function storm(browsers, rounds) {
  const finish = [];
  const begin = [];
  const failures = [];
  // The slowest answer of each round: whether a few bad rounds (a pause of the whole machine) or
  // every round sets the p99.
  const slowest = [];
  const settle = (results, into) => {
    for (const r of results) {
      if (r.status === "fulfilled") into.push(r.value);
      else failures.push(String(r.reason?.message ?? r.reason).slice(0, 300));
    }
    return results.every((r) => r.status === "fulfilled");
  };
  for (let round = 0; round < rounds; round++) {
    const begun = settle(await Promise.allSettled(browsers.map((b) => b.begin())), begin);
    await new Promise((resolve) => setTimeout(resolve, GESTURE_MS));
    if (begun) {
      const before = finish.length;
      settle(await Promise.allSettled(browsers.map((b) => b.finish())), finish);
      if (finish.length > before) slowest.push(Math.max(...finish.slice(before)));
    }
    await new Promise((resolve) => setTimeout(resolve, ROUND_GAP_MS));
  }
  return { finish, begin, failures, slowest };
}

/** The same browsers signing in again and again, each as soon as it is done: the most a second. */
async function closedLoop(signIns, seconds) {
  const until = Date.now() + seconds * 1000;
  const finish = [];
  let errors = 0;
  await Promise.all(
    signIns.map(async (s) => {
      while (Date.now() < until) {
        try {
          finish.push(await s.once());
        } catch {
          errors++;
        }
      }
    }),
  );
  return { ...summary(finish, seconds), errors };
}

export async function passkeySignIn(stack, { token, duration, rounds, concurrency = 20 }) {
  const began = Date.now();
  const devices = Array.from({ length: concurrency }, () => new VirtualAuthenticator({ origin: BENCH_PUBLIC_URL }));
  const gql = await enrol(stack, devices);
  // Starting a passkey sign-in is limited per address (300 a minute): every browser here is 127.0.0.1.
  await gql(SETTING, { k: "rateLimit.passkey.maxPerIp", v: "100000" });
  try {
    const signIns = devices.map((d) => browser(stack.url, d));
    // Warm-up: JIT, pools, query plans, and each browser's first sign-in (a new browser: an alert mail).
    let warming = true;
    await Promise.all([
      meInSequence(stack.url, token, () => warming),
      storm(signIns, 2).finally(() => (warming = false)),
    ]);

    const aloneUntil = Date.now() + duration * 1000;
    const aloneRun = await meInSequence(stack.url, token, () => Date.now() < aloneUntil);
    let storming = true;
    const stormStarted = performance.now();
    const [duringRun, stormRun] = await Promise.all([
      meInSequence(stack.url, token, () => storming),
      storm(signIns, rounds).finally(() => (storming = false)),
    ]);
    const stormSeconds = (performance.now() - stormStarted) / 1000;
    const meter = cpuMeter(
      {
        gateway: stack.ports.gateway,
        auth: stack.ports.auth,
        PostgreSQL: stack.ports.pg,
        email: stack.ports.email,
        home: stack.ports.home,
      },
      { includeChildren: ["PostgreSQL"] },
    );
    const saturation = await closedLoop(signIns, Math.min(duration, 5));
    const cpu = meter.stop(Math.max(1, saturation.count), concurrency);

    const alone = { ...summary(aloneRun.latencies, duration), errors: aloneRun.errors };
    const during = { ...summary(duringRun.latencies, stormSeconds), errors: duringRun.errors };
    const signInFigures = {
      ...summary(stormRun.finish, stormSeconds),
      rounds,
      optionsP99: summary(stormRun.begin, stormSeconds).p99,
      slowestOfRound: summary(stormRun.slowest, stormSeconds),
      errors: stormRun.failures.length,
      firstError: stormRun.failures[0],
    };
    const rows = [
      ["`me` alone", "one call after another", alone.perSecond, alone.p50, alone.p99, alone.errors],
      ["`me` during the storm", "one call after another", during.perSecond, during.p50, during.p99, during.errors],
      [
        "`POST /auth/passkey/login` (finishPasskeySignIn)",
        `${concurrency} at once × ${rounds} rounds`,
        signInFigures.perSecond,
        signInFigures.p50,
        signInFigures.p99,
        signInFigures.errors,
      ],
      [
        "`POST /auth/passkey/options` (the button)",
        `${concurrency} at once × ${rounds} rounds`,
        "—",
        summary(stormRun.begin, stormSeconds).p50,
        signInFigures.optionsP99,
        signInFigures.errors,
      ],
      [
        "most sign-ins a second (closed loop, nothing else running)",
        `${concurrency} browsers`,
        saturation.perSecond,
        saturation.p50,
        saturation.p99,
        saturation.errors,
      ],
    ];
    return {
      name: "passkey sign-in",
      table: [
        markdownTable(["scenario", "load", "per s", "p50 ms", "p99 ms", "errors"], rows),
        "",
        `The slowest sign-in of each of the ${rounds} rounds: p50 ${signInFigures.slowestOfRound.p50} ms, ` +
          `p99 ${signInFigures.slowestOfRound.p99} ms, worst ${signInFigures.slowestOfRound.max} ms.`,
        "",
        `CPU per sign-in in the closed loop (user + system, /proc; ${cpu.operations} sign-ins, each with its options call): ` +
          `**${cpu.totalMs} ms** in all, so ${concurrency} at once need at least **${cpu.floorMs} ms** on ${cpu.cores} cores before the last is answered.`,
        "",
        markdownTable(
          ["process", "CPU ms per sign-in"],
          Object.entries(cpu.perOperationMs).map(([name, ms]) => [name, ms]),
        ),
      ].join("\n"),
      figures: {
        concurrency,
        seconds: Math.round((Date.now() - began) / 1000),
        alone,
        during,
        signIns: signInFigures,
        saturation,
        cpu,
        ratioP99: +(during.p99 / Math.max(1, alone.p99)).toFixed(2),
      },
    };
  } finally {
    await gql(SETTING, { k: "rateLimit.passkey.maxPerIp", v: "300" });
  }
}

// `node bench/src/passkey-signin.mjs [--quick]`: starts the stack and runs this scenario alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes("--quick");
  const stack = await startStack();
  try {
    const result = await passkeySignIn(stack, {
      token: await signIn(stack.url),
      duration: quick ? 3 : 20,
      rounds: quick ? 5 : 100,
    });
    console.log(`\n## Passkey sign-in${quick ? " (quick)" : ""}\n\n${result.table}\n`);
    console.log(JSON.stringify(result.figures));
  } finally {
    await stack.stop();
  }
  process.exit(0);
}
