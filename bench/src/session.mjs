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
