import type http from "node:http";
import type { Logger } from "@homegraph/common";
import { CommandError } from "../hub-event.js";

/** The hub's answer to a missing or wrong access token, byte for byte. */
export const INVALID_TOKEN_BODY = "<oauth><error>invalid_token</error></oauth>";

export const JSON_TYPE = "application/json;charset=utf-8";
/** Real hubs label some JSON answers text/html; the simulator does so for all but the device lists. */
export const HTML_TYPE = "text/html;charset=utf-8";
export const XML_TYPE = "application/xml;charset=utf-8";

/** What a route answers; the server writes it. */
export interface Reply {
  status: number;
  body: unknown;
  type: string;
}

/** JSON labelled as JSON. */
export const json = (body: unknown, status = 200): Reply => ({ status, body, type: JSON_TYPE });
/** JSON labelled text/html, as a real hub labels most of its answers. */
export const html = (body: unknown, status = 200): Reply => ({ status, body, type: HTML_TYPE });

export function send(res: http.ServerResponse, { status, body, type }: Reply): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** A refused call answers its CommandError; anything else is the simulator's own fault, logged. */
export function fail(res: http.ServerResponse, err: unknown, logger: Logger): void {
  if (res.headersSent) return void res.end();
  if (err instanceof CommandError) return send(res, html({ error: true, message: err.message }, err.status));
  logger.error({ err }, "simulator error");
  send(res, html({ error: true, message: "internal error" }, 500));
}

export async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new CommandError(413, "body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new CommandError(400, "body must be JSON");
  }
}
