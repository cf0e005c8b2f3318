// What every scenario does as a client: sign in through the gateway's REST facade, and send
// GraphQL over HTTP.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const ADMIN = { email: "admin@bench.homegraph.test", password: "the bench household admin 2026" };

/** Signs in, waiting out what an earlier sign-in storm left behind (429, 503) for up to a minute. */
export async function signIn(url, { email, password } = ADMIN) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${url}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (res.status === 200) return (await res.json()).accessToken;
    const text = await res.text();
    if (![429, 503].includes(res.status) || Date.now() > deadline) {
      throw new Error(`sign-in failed: HTTP ${res.status} ${text}`);
    }
    await sleep(Math.min(10, Number(res.headers.get("retry-after")) || 1) * 1000);
  }
}

/** One GraphQL request; throws on HTTP or GraphQL errors. */
export async function graphql(url, token, query, variables) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  }
  if (!res.ok || body.errors) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

/** The password of the household people the bench adds (`householdSessions`). */
const PERSON_PASSWORD = "a bench household person 2026";

/**
 * `count` distinct people of the household, each signed in once, for the load that a household
 * rather than one browser puts on the gateway. They join through the public API as any person
 * would (sign-up opened by the admin for a moment, then closed again) and are made ADMINs, so that
 * each sees the same devices as the admin does; then each signs in (POST /auth/login) for a token
 * that carries that role. Answers the tokens.
 */
export async function householdSessions(url, { count }) {
  const gql = `${url}/graphql`;
  // Changing a role needs a password proven within minutes: a fresh sign-in of the admin.
  const admin = await signIn(url);
  const setting = `mutation ($v: String!) { setSystemSetting(key: "signUp.enabled", value: $v) { key } }`;
  await graphql(gql, admin, setting, { v: "true" });
  const people = Array.from({ length: count }, (_, i) => ({
    email: `person-${i + 1}@bench.homegraph.test`,
    password: PERSON_PASSWORD,
    displayName: `Bench Person ${i + 1}`,
  }));
  try {
    const signUp = `mutation ($e: String!, $p: String!, $n: String!) {
      signUp(email: $e, password: $p, displayName: $n) { user { id } }
    }`;
    const ids = await Promise.all(
      people.map((p) =>
        graphql(gql, undefined, signUp, { e: p.email, p: p.password, n: p.displayName }).then((d) => d.signUp.user.id),
      ),
    );
    for (const id of ids) {
      await graphql(gql, admin, "mutation ($id: ID!) { setUserRole(id: $id, role: ADMIN) { id } }", { id });
    }
  } finally {
    await graphql(gql, admin, setting, { v: "false" });
  }
  return Promise.all(people.map((p) => signIn(url, p)));
}
