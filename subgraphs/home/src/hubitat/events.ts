// The receiving end of the hub's postURL events, minus the HTTP route (which belongs to the
// service): the URL with its secret, the registration, the secret check and the body parsing.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { MakerApiClient } from "./maker-api.client.js";
import type { DataTypeLookup } from "./normalize.js";
import { normalizeEvent } from "./normalize-events.js";
import type { HubEvent } from "./types.js";

/** Where the service accepts event POSTs; the secret is in the path because the hub cannot send headers. */
export const EVENT_ROUTE_PREFIX = "/hubitat/events";

export function generateEventSecret(): string {
  return randomBytes(24).toString("base64url");
}

export function eventCallbackUrl(baseUrl: string, secret: string): string {
  return eventUrlWithSecret(`${baseUrl.replace(/\/$/, "")}${EVENT_ROUTE_PREFIX}`, secret);
}

/** The URL the hub posts to: the event URL (HUBITAT_EVENT_URL, or the service's own) and the secret. */
export function eventUrlWithSecret(eventUrl: string, secret: string): string {
  return `${eventUrl.replace(/\/+$/, "")}/${encodeURIComponent(secret)}`;
}

/** Compares in constant time, so the secret cannot be guessed a character at a time from response times. */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Registers `{baseUrl}/hubitat/events/{secret}` as the hub's event URL; returns the URL registered. */
export async function registerEventUrl(client: MakerApiClient, baseUrl: string, secret: string): Promise<string> {
  return registerEventUrlAt(client, `${baseUrl.replace(/\/$/, "")}${EVENT_ROUTE_PREFIX}`, secret);
}

/** Registers `{eventUrl}/{secret}` (HUBITAT_EVENT_URL: wherever a reverse proxy receives it); the URL registered. */
export async function registerEventUrlAt(client: MakerApiClient, eventUrl: string, secret: string): Promise<string> {
  const url = eventUrlWithSecret(eventUrl, secret);
  await client.setPostUrl(url);
  return url;
}

/** A POSTed body (`{"content": {...}}`) as an event; null when it is not one. */
export function parsePostedEvent(body: unknown, dataTypeOf?: DataTypeLookup): HubEvent | null {
  if (typeof body !== "object" || body === null || !("content" in body)) return null;
  return normalizeEvent(body, { dataTypeOf });
}
