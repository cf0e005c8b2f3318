// Passkey sign-ins through the gateway's REST pair, 20 at once (each a browser of its own with its
// own passkey, as the sign-in page's "Sign in with a passkey" button does it), timing the finishing
// call (`POST /auth/passkey/login`: finishPasskeySignIn), and `me` alone and during them.
import { fileURLToPath } from "node:url";
import { VirtualAuthenticator } from "../../test/support/virtual-authenticator.cjs";
import { load, markdownTable } from "./autocannon.mjs";
import { graphql, signIn } from "./session.mjs";
import { BENCH_PUBLIC_URL, startStack } from "./stack.mjs";

const ME = { query: "{ me { id displayName role } }" };
const SETTING = `mutation ($k: String!, $v: String!) { setSystemSetting(key: $k, value: $v) { key } }`;

const post = async (url, body, cookie) => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return { json, setCookie: res.headers.get("set-cookie") ?? "" };
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

/** One browser signing in again and again until `until`; the finishing call's latencies in ms. */
async function browserLoop(url, device, until, latencies, failures) {
  let cookie;
  while (Date.now() < until) {
    try {
      const { json: options } = await post(`${url}/auth/passkey/options`, {}, cookie);
      const response = device.getResponse(options.options);
      const started = performance.now();
      const { setCookie } = await post(
        `${url}/auth/passkey/login`,
        { challengeId: options.challengeId, response },
        cookie,
      );
      latencies.push(performance.now() - started);
      const browser = /hg_browser=([^;]+)/.exec(setCookie);
      if (browser) cookie = `hg_browser=${browser[1]}`;
    } catch (err) {
      failures.push(String(err.message ?? err).slice(0, 300));
    }
  }
}

export async function passkeySignIn(stack, { token, duration, meConnections = 10, concurrency = 20 }) {
  const began = Date.now();
  const devices = Array.from({ length: concurrency }, () => new VirtualAuthenticator({ origin: BENCH_PUBLIC_URL }));
  const gql = await enrol(stack, devices);
  // Starting a passkey sign-in is limited per address (300 a minute): every browser here is 127.0.0.1.
  await gql(SETTING, { k: "rateLimit.passkey.maxPerIp", v: "100000" });
  try {
    const me = {
      url: `${stack.url}/graphql`,
      connections: meConnections,
      duration,
      headers: { authorization: `Bearer ${token}` },
      body: ME,
      verifyGraphQL: true,
    };
    // Warm-up: JIT, pools, query plans, and one sign-in per browser.
    await Promise.all([
      load({ ...me, duration: 1 }),
      ...devices.map((d) => browserLoop(stack.url, d, Date.now() + 500, [], [])),
    ]);
    const alone = await load(me);
    const latencies = [];
    const failures = [];
    const until = Date.now() + duration * 1000;
    const [during] = await Promise.all([
      load(me),
      ...devices.map((d) => browserLoop(stack.url, d, until, latencies, failures)),
    ]);
    latencies.sort((a, b) => a - b);
    const round = (v) => (v == null ? null : Math.round(v));
    const signIns = {
      count: latencies.length,
      perSecond: Math.round(latencies.length / duration),
      p50: round(percentile(latencies, 0.5)),
      p99: round(percentile(latencies, 0.99)),
      errors: failures.length,
      firstError: failures[0],
    };
    const rows = [
      ["`me` alone", `${meConnections} conn`, alone.rps, alone.p50, alone.p99, alone.non2xx + alone.errors],
      [
        "`me` during passkey sign-ins",
        `${meConnections} conn`,
        during.rps,
        during.p50,
        during.p99,
        during.non2xx + during.errors,
      ],
      [
        "`POST /auth/passkey/login` (finishPasskeySignIn)",
        `${concurrency} at once`,
        signIns.perSecond,
        signIns.p50,
        signIns.p99,
        signIns.errors,
      ],
    ];
    return {
      name: "passkey sign-in",
      table: markdownTable(["scenario", "load", "RPS", "p50 ms", "p99 ms", "errors"], rows),
      figures: {
        concurrency,
        seconds: Math.round((Date.now() - began) / 1000),
        alone,
        during,
        signIns,
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
    const result = await passkeySignIn(stack, { token: await signIn(stack.url), duration: quick ? 3 : 20 });
    console.log(`\n## Passkey sign-in${quick ? " (quick)" : ""}\n\n${result.table}\n`);
    console.log(JSON.stringify(result.figures));
  } finally {
    await stack.stop();
  }
  process.exit(0);
}
