import http from "node:http";
import type { AddressInfo } from "node:net";

// A reverse proxy as a household puts in front of Homegraph (nginx, Caddy): it takes requests
// under a path prefix and forwards them to the home service, adding the X-Forwarded-* headers.

export interface ReverseProxy {
  /** `http://127.0.0.1:{port}`, the proxy's public side. */
  url: string;
  /** Where requests go; set once the service listens. */
  target: string;
  /** Whether the prefix is kept on the way to the service (`/homegraph/hubitat/...`) or stripped. */
  keepPrefix: boolean;
  /** Each forwarded request: the path asked of the proxy, the path sent on, and the service's status. */
  forwarded: {
    method: string;
    path: string;
    upstreamPath: string;
    status: number;
    headers: http.IncomingHttpHeaders;
  }[];
  close: () => Promise<void>;
}

export async function startReverseProxy(prefix: string): Promise<ReverseProxy> {
  const proxy: ReverseProxy = {
    url: "",
    target: "",
    keepPrefix: false,
    forwarded: [],
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    if (!path.startsWith(`${prefix}/`) || !proxy.target) {
      res.writeHead(404).end();
      return;
    }
    const upstreamPath = proxy.keepPrefix ? path : path.slice(prefix.length);
    const target = new URL(proxy.target);
    const headers = {
      ...req.headers,
      host: target.host,
      "x-forwarded-for": req.socket.remoteAddress ?? "",
      "x-forwarded-proto": "http",
      "x-forwarded-host": req.headers.host ?? "",
      "x-forwarded-prefix": prefix,
    };
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, method: req.method, path: upstreamPath, headers },
      (answer) => {
        proxy.forwarded.push({
          method: req.method ?? "",
          path,
          upstreamPath,
          status: answer.statusCode ?? 0,
          headers,
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
