import autocannon from "autocannon";

/** Runs autocannon and returns the figures the tables print. */
/** A GraphQL answer with `errors` counts as an error (`verifyGraphQL`), as a failed HTTP status does. */
export function load({ url, connections, duration, requests, method = "POST", headers = {}, body, verifyGraphQL }) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration,
        method,
        headers: { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        requests,
        ...(verifyGraphQL ? { verifyBody: (text) => !text.includes('"errors"') } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          rps: Math.round(result.requests.average),
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts + (result.mismatches ?? 0),
        });
      },
    );
  });
}

export function markdownTable(headers, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}
