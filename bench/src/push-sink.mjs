// The local push service the stack delivers Web Push to during the benchmark: HTTPS (the stack runs
// in production mode, where push endpoints must be https) with a throwaway self-signed certificate
// the stack trusts through NODE_EXTRA_CA_CERTS. It answers 201 to every POST, keeps nothing, and
// notes when each subscription's message arrived (the payload stays encrypted: the tests decrypt).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";

export async function startPushSink() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "homegraph-bench-push-"));
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
    ].concat(["-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]),
    { stdio: "ignore" },
  );
  const arrivals = new Map(); // subscription path -> time of arrival
  const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    req.on("data", () => undefined);
    req.on("end", () => {
      arrivals.set(req.url, performance.timeOrigin + performance.now());
      res.writeHead(201).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  return {
    endpoint: (i) => `https://127.0.0.1:${port}/push/${i}`,
    arrivals,
    /** What the stack needs to trust the certificate. */
    env: { NODE_EXTRA_CA_CERTS: cert },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
