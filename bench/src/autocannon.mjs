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
        // A slow answer is measured as slow (p99), not cut off as an error at autocannon's 10 s.
        timeout: 30,
        ...(verifyGraphQL ? { verifyBody: (text) => !text.includes('"errors"') } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        // No answer within the run: there is no latency to report (autocannon would say 0).
        const answered = result.requests.total > 0;
        resolve({
          rps: Math.round(result.requests.average),
          p50: answered ? result.latency.p50 : null,
          p99: answered ? result.latency.p99 : null,
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
