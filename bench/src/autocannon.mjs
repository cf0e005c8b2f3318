import autocannon from "autocannon";

/**
 * Runs autocannon and returns the figures the tables print, with every status code counted.
 * A GraphQL answer with `errors` counts as an error (`verifyGraphQL`: `graphqlErrors`), as a
 * failed HTTP status (`non2xx`) and a socket error or timeout (`errors`) do; a run with any of
 * them is not `valid`, and its speed is not a figure. `tokens` spreads the load over several
 * sessions: each request carries the next one's `Authorization`, so the requests in flight at once
 * carry different tokens (`headers.authorization` is then ignored).
 */
export function load({
  url,
  connections,
  duration,
  requests,
  method = "POST",
  headers = {},
  body,
  verifyGraphQL,
  tokens,
}) {
  let next = 0;
  const rotating = tokens?.length
    ? [
        {
          setupRequest: (request) => {
            request.headers.authorization = `Bearer ${tokens[next++ % tokens.length]}`;
            return request;
          },
        },
      ]
    : undefined;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration,
        method,
        headers: { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        requests: requests ?? rotating,
        // A slow answer is measured as slow (p99), not cut off as an error at autocannon's 10 s.
        timeout: 30,
        ...(verifyGraphQL ? { verifyBody: (text) => !text.includes('"errors"') } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        resolve(figuresOf(result, duration));
      },
    );
  });
}

function figuresOf(result, duration) {
  // No answer within the run: there is no latency to report (autocannon would say 0).
  const answered = result.requests.total > 0;
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
  );
  const graphqlErrors = result.mismatches ?? 0;
  const errors = result.errors + result.timeouts + graphqlErrors;
  return {
    rps: Math.round(result.requests.average),
    p50: answered ? result.latency.p50 : null,
    p99: answered ? result.latency.p99 : null,
    requests: result.requests.total,
    seconds: duration,
    statusCodes,
    non2xx: result.non2xx,
    graphqlErrors,
    errors,
    valid: answered && result.non2xx === 0 && errors === 0,
  };
}

/** What made a run invalid, in words ("3 non-2xx (429: 3), 1 GraphQL error"), or "" for a valid run. */
export function invalidity(r) {
  if (r.valid) return "";
  const parts = [];
  if (!r.requests) parts.push("no answer");
  else if (r.unanswered) parts.push(`no answer in ${r.unanswered} of ${r.rounds} rounds`);
  if (r.non2xx) {
    const codes = Object.entries(r.statusCodes ?? {})
      .filter(([code]) => !code.startsWith("2"))
      .map(([code, n]) => `${code}: ${n}`);
    parts.push(`${r.non2xx} non-2xx${codes.length ? ` (${codes.join(", ")})` : ""}`);
  }
  if (r.graphqlErrors) parts.push(`${r.graphqlErrors} GraphQL error${r.graphqlErrors === 1 ? "" : "s"}`);
  const other = r.errors - (r.graphqlErrors ?? 0);
  if (other) parts.push(`${other} socket error${other === 1 ? "" : "s"}/timeout${other === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/**
 * One figure from several rounds of the same load: RPS over all of them, the median round's p50,
 * the worst round's p99, every status counted, and the rounds' RPS range; invalid if any round is.
 */
export function mergeRounds(rounds) {
  const sum = (f) => rounds.reduce((n, r) => n + (r[f] ?? 0), 0);
  const seconds = sum("seconds");
  const statusCodes = {};
  for (const r of rounds)
    for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const p50s = rounds
    .map((r) => r.p50)
    .filter((v) => v !== null)
    .sort((a, b) => a - b);
  const p99s = rounds.map((r) => r.p99).filter((v) => v !== null);
  const rps = rounds.map((r) => r.rps);
  return {
    rps: seconds ? Math.round(sum("requests") / seconds) : 0,
    p50: p50s.length ? p50s[Math.floor((p50s.length - 1) / 2)] : null,
    p99: p99s.length ? Math.max(...p99s) : null,
    requests: sum("requests"),
    seconds,
    statusCodes,
    non2xx: sum("non2xx"),
    graphqlErrors: sum("graphqlErrors"),
    errors: sum("errors"),
    valid: rounds.every((r) => r.valid),
    rounds: rounds.length,
    unanswered: rounds.filter((r) => !r.requests).length,
    rpsRange: [Math.min(...rps), Math.max(...rps)],
  };
}

export function markdownTable(headers, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}
