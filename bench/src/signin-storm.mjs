// `me` through the gateway, alone and while 50 sign-ins run at once: bcrypt work must stay off the
// event loop, so signing in people cannot slow down everyone else's requests.
import { load, markdownTable } from "./autocannon.mjs";
import { ADMIN } from "./session.mjs";

const ME = { query: "{ me { id displayName role } }" };

export async function signInStorm(stack, { token, duration, meConnections = 10, stormConnections = 50 }) {
  const me = {
    url: `${stack.url}/graphql`,
    connections: meConnections,
    duration,
    headers: { authorization: `Bearer ${token}` },
    body: ME,
    verifyGraphQL: true,
  };
  await load({ ...me, duration: Math.min(3, duration) }); // warm-up: JIT, pools, query plans

  const alone = await load(me);
  const [during, storm] = await Promise.all([
    load(me),
    load({
      url: `${stack.url}/auth/login`,
      connections: stormConnections,
      duration,
      body: ADMIN,
    }),
  ]);
  const rows = [
    ["`me` alone", `${meConnections} conn`, alone.rps, alone.p50, alone.p99, alone.non2xx + alone.errors],
    [
      "`me` during sign-in storm",
      `${meConnections} conn`,
      during.rps,
      during.p50,
      during.p99,
      during.non2xx + during.errors,
    ],
    ["sign-ins (the storm)", `${stormConnections} conn`, storm.rps, storm.p50, storm.p99, storm.non2xx + storm.errors],
  ];
  return {
    name: "sign-in storm",
    table: markdownTable(["scenario", "load", "RPS", "p50 ms", "p99 ms", "errors"], rows),
    figures: { alone, during, storm, ratioP99: +(during.p99 / Math.max(1, alone.p99)).toFixed(2) },
  };
}
