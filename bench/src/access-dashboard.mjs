// The dashboard as a MEMBER whose access is per device (grants on 50 devices) beside the same
// dashboard as the ADMIN (who has CONTROL everywhere, no grant read), through Homegraph's gateway in
// one run: what the access model costs a person who is not an admin (docs/access.md).
import { load, markdownTable, mergeRounds } from "./autocannon.mjs";
import { OPERATIONS } from "./gateway-queries.mjs";
import { graphql } from "./session.mjs";

const MEMBER = { email: "member@bench.homegraph.test", password: "the bench household member 2026" };

/** A member through the public API: sign-up opened for a moment by the admin, then closed again. */
async function memberToken(url, adminToken) {
  const setting = `mutation ($v: String!) { setSystemSetting(key: "signUp.enabled", value: $v) { key } }`;
  await graphql(url, adminToken, setting, { v: "true" });
  try {
    const { signUp } = await graphql(
      url,
      undefined,
      `
        mutation ($e: String!, $p: String!) {
          signUp(email: $e, password: $p, displayName: "Bench Member") {
            accessToken
            user {
              id
            }
          }
        }
      `,
      { e: MEMBER.email, p: MEMBER.password },
    );
    return { token: signUp.accessToken, id: signUp.user.id };
  } finally {
    await graphql(url, adminToken, setting, { v: "false" });
  }
}

export async function accessDashboard(stack, { token, duration, quick, connections = 50 }) {
  const url = `${stack.url}/graphql`;
  const member = await memberToken(url, token);
  const { devices } = await graphql(url, token, "{ devices { id capabilities } }");
  const ordinary = devices.filter(
    (d) => !["Lock", "GarageDoorControl", "Valve"].some((c) => d.capabilities.includes(c)),
  );
  if (ordinary.length < 50)
    throw new Error(`grants on 50 devices wanted; the hub has ${ordinary.length} ordinary ones`);
  for (const device of ordinary.slice(0, 50)) {
    await graphql(
      url,
      token,
      "mutation ($u: ID!, $d: ID!) { setDeviceAccess(userId: $u, deviceId: $d, level: CONTROL) { id } }",
      { u: member.id, d: device.id },
    );
  }
  const query = OPERATIONS.dashboard;
  const answer = await graphql(url, member.token, query);
  const seen = answer.rooms.reduce((n, r) => n + r.devices.length, 0);
  // ADMIN and MEMBER alternate in rounds, so that the machine's noise and the run's order fall on
  // both alike (run once each, the second always ran on a warmer, or busier, machine).
  const rounds = quick ? 1 : 4;
  const roundSeconds = quick ? duration : Math.max(1, Math.round(duration / rounds));
  const figures = {
    connections,
    duration: rounds * roundSeconds,
    rounds,
    roundSeconds,
    grants: 50,
    memberSees: seen,
    admin: null,
    member: null,
  };
  const people = [
    { key: "admin", label: "ADMIN", token },
    { key: "member", label: "MEMBER, grants on 50 devices", token: member.token },
  ];
  const options = (who) => ({
    url,
    connections,
    duration: roundSeconds,
    headers: { authorization: `Bearer ${who.token}` },
    body: { query },
    verifyGraphQL: true,
  });
  for (const who of people) await load({ ...options(who), duration: quick ? 1 : 3 });
  const runs = Object.fromEntries(people.map((who) => [who.key, []]));
  for (let round = 0; round < rounds; round++) {
    for (const who of people) runs[who.key].push(await load(options(who)));
  }
  const rows = [];
  for (const who of people) {
    const result = (figures[who.key] = mergeRounds(runs[who.key]));
    rows.push([
      who.label,
      `${result.rps} (rounds ${result.rpsRange[0]}–${result.rpsRange[1]})`,
      result.p50,
      result.p99,
      result.errors + result.non2xx,
    ]);
  }
  figures.ratio = figures.admin.rps ? +(figures.member.rps / figures.admin.rps).toFixed(2) : null;
  const table = [
    `${rounds} rounds of ${roundSeconds} s for each, alternating; RPS over all rounds (each round's in brackets), the median round's p50, the worst round's p99.`,
    "",
    markdownTable(["`dashboard` as", "RPS", "p50 ms", "p99 ms", "errors"], rows),
  ].join("\n");
  return {
    name: `dashboard by role (${connections} connections, ${rounds} × ${roundSeconds} s each, alternating)`,
    table,
    figures,
  };
}
