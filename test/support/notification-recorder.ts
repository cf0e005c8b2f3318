import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the email service's service endpoints (POST /notifications, POST /activity, and
 * POST /send, taken without being kept): a
 * real HTTP server that records every body it accepts, answers 202 like the email service, and
 * answers 503 to the next `failNext` calls, as an email service that is down.
 */
export interface NotificationRecorder {
  url: string;
  /** Accepted POST /notifications bodies, in arrival order. */
  notifications: Record<string, any>[];
  /** Accepted POST /activity entries (a batch flattened), in arrival order. */
  activity: Record<string, any>[];
  /** Every request, accepted or not: path, dedupe keys and the status answered. */
  calls: { path: string; keys: string[]; status: number; authorization?: string }[];
  /** Answers 503 to this many coming calls. */
  failNext: number;
  /** Answers 503 to every call while true. */
  down: boolean;
  /** Refuses calls to this path for good (400 BAD_USER_INPUT), as a template the service lacks is. */
  refuse?: string;
  close(): Promise<void>;
}

export async function startNotificationRecorder(): Promise<NotificationRecorder> {
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const path = (req.url ?? "/").split("?")[0]!;
    const body = raw ? (JSON.parse(raw) as unknown) : null;
    const items = (Array.isArray(body) ? body : [body]) as Record<string, any>[];
    const keys = items.map((i) => String(i?.dedupeKey));
    const fail = recorder.down || recorder.failNext > 0;
    if (recorder.failNext > 0) recorder.failNext--;
    // Mail (POST /send) is taken and not kept: the tests using this are about the other two.
    const known = path === "/notifications" || path === "/activity" || path === "/send";
    const status = !known ? 404 : fail ? 503 : recorder.refuse === path ? 400 : 202;
    recorder.calls.push({ path, keys, status, authorization: req.headers.authorization });
    if (status === 202) {
      if (path === "/notifications") recorder.notifications.push(items[0]!);
      else if (path === "/activity") recorder.activity.push(...items);
    }
    res.writeHead(status, { "content-type": "application/json" });
    res.end(
      JSON.stringify(
        status === 202
          ? { accepted: items.length }
          : {
              error: {
                code: ({ 503: "UNAVAILABLE", 400: "BAD_USER_INPUT" } as Record<number, string>)[status] ?? "NOT_FOUND",
                message: "recorder",
              },
            },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const recorder: NotificationRecorder = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    notifications: [],
    activity: [],
    calls: [],
    failNext: 0,
    down: false,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return recorder;
}
