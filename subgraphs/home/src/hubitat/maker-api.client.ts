// The Hubitat Maker API over HTTP. Every call is a GET with the token as `access_token` (the hub
// reads it nowhere else); at most MAX_IN_FLIGHT calls reach the hub at once, because a hub is a
// small computer that answers slowly, then not at all, under a burst; every call has a timeout;
// only reads are retried, since a command that timed out may well have been carried out.
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@homegraph/common";
import type { HubitatConfig } from "./config.js";
import { HubError } from "./errors.js";
import { lockStateFrom, type LockState } from "./lock-codes.js";
import { normalizeHsm, normalizeHubVariables, normalizeModes, type DataTypeLookup } from "./normalize.js";
import {
  normalizeCapabilitiesResponse,
  normalizeCommands,
  normalizeDevice,
  normalizeDeviceList,
  normalizeFullDeviceList,
} from "./normalize-devices.js";
import { normalizeDeviceHistory } from "./normalize-events.js";
import type { Device, DeviceAttribute, DeviceHistoryEvent, DeviceSummary, HubMode, HubVariable } from "./types.js";

export const MAX_IN_FLIGHT = 4;

export type { LockState };

/** What may appear after `/devices/{id}/{command}/`: a number, a string, or a map (setColor). */
export type CommandArg = string | number | boolean | Record<string, unknown>;

export interface MakerApiClientOptions {
  baseUrl: string;
  accessToken: string;
  timeoutMs?: number;
  /** Retries of a read after the first try. */
  readRetries?: number;
  retryBaseMs?: number;
  maxInFlight?: number;
  logger?: Logger;
}

/** A counting semaphore: `run` waits for one of `size` slots. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  get inFlight(): number {
    return this.active;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * The URL with its token, a postURL target (which carries the event secret) and setCode's
 * arguments (a lock code) blanked, for logs and errors.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&]access_token=)[^&#]*/gi, "$1[redacted]")
    .replace(/(\/postURL\/)[^?#]*/i, "$1[redacted]")
    .replace(/(\/setCode\/)[^?#]*/i, "$1[redacted]");
}

/** One Maker API path segment: `encodeURIComponent`, so a value's own commas and slashes stay inside it. */
function segment(value: CommandArg): string {
  const raw = typeof value === "object" ? JSON.stringify(value) : String(value);
  return encodeURIComponent(raw);
}

export class MakerApiClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly readRetries: number;
  private readonly retryBaseMs: number;
  private readonly semaphore: Semaphore;
  private readonly logger?: Logger;

  constructor(options: MakerApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
    this.token = options.accessToken;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.readRetries = options.readRetries ?? 2;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.semaphore = new Semaphore(Math.min(MAX_IN_FLIGHT, Math.max(1, options.maxInFlight ?? MAX_IN_FLIGHT)));
    this.logger = options.logger;
  }

  static fromConfig(config: HubitatConfig, logger?: Logger): MakerApiClient {
    return new MakerApiClient({
      baseUrl: config.baseUrl,
      accessToken: config.accessToken,
      timeoutMs: config.timeoutMs,
      logger,
    });
  }

  /** Requests to the hub right now (never more than MAX_IN_FLIGHT). */
  get inFlight(): number {
    return this.semaphore.inFlight;
  }

  // ---- devices ---------------------------------------------------------------------------------

  async listDevices(): Promise<DeviceSummary[]> {
    return normalizeDeviceList(await this.read("/devices"));
  }

  /**
   * Every device with its current values in one call. `/devices/all` carries no dataTypes:
   * values stay strings unless `dataTypeOf` knows the attribute from an earlier `getDevice`.
   */
  async getAllDevices(dataTypeOf?: DataTypeLookup): Promise<Device[]> {
    return normalizeFullDeviceList(await this.read("/devices/all"), dataTypeOf);
  }

  /** `/devices/{id}` with its typed values, plus `/devices/{id}/commands` for the argument types. */
  async getDevice(hubId: string): Promise<Device> {
    const id = segment(hubId);
    const [details, commands] = await Promise.all([
      this.read(`/devices/${id}`),
      // Older firmware has no /commands: the standard capabilities' argument types stand in.
      this.read(`/devices/${id}/commands`).catch((err: unknown) => {
        if (err instanceof HubError && err.failure === "HUB_NOT_FOUND") return undefined;
        throw err;
      }),
    ]);
    const device = normalizeDevice(details, commands);
    if (!device) throw new HubError("HUB_BAD_RESPONSE", "The hub sent a device Homegraph cannot read.");
    return device;
  }

  async getDeviceCommands(hubId: string) {
    return normalizeCommands(await this.read(`/devices/${segment(hubId)}/commands`));
  }

  async getDeviceCapabilities(hubId: string): Promise<{ capabilities: string[]; attributes: DeviceAttribute[] }> {
    return normalizeCapabilitiesResponse(await this.read(`/devices/${segment(hubId)}/capabilities`));
  }

  async getDeviceEvents(hubId: string, dataTypeOf?: DataTypeLookup): Promise<DeviceHistoryEvent[]> {
    return normalizeDeviceHistory(await this.read(`/devices/${segment(hubId)}/events`), dataTypeOf);
  }

  /**
   * `GET /devices/{id}/{command}[/{a},{b},...]`. Each argument is URL-encoded on its own, so the
   * commas that separate arguments stay literal and a map (setColor) travels as encoded JSON.
   * Never retried. Resolves with the hub's answer (the device, on most firmware), not normalised.
   */
  async sendCommand(hubId: string, command: string, args: CommandArg[] = []): Promise<unknown> {
    const secondary = args.length ? `/${args.map(segment).join(",")}` : "";
    return this.write(`/devices/${segment(hubId)}/${segment(command)}${secondary}`);
  }

  /** `setCode/{position},{code},{name}`: the lock answers later with `codeChanged` ("3 added" or "3 failed"). */
  async setCode(hubId: string, position: number, code: string, name: string): Promise<void> {
    await this.sendCommand(hubId, "setCode", [position, code, name]);
  }

  async deleteCode(hubId: string, position: number): Promise<void> {
    await this.sendCommand(hubId, "deleteCode", [position]);
  }

  /**
   * The lock's codes as `/devices/{id}` shows them, codes included (only the lock code service
   * asks): "encrypted" when the driver hides them; `maxCodes` and `codeLength` when reported.
   */
  async getLockCodes(hubId: string): Promise<LockState> {
    return lockStateFrom(await this.read(`/devices/${segment(hubId)}`));
  }

  // ---- location --------------------------------------------------------------------------------

  async getModes(): Promise<HubMode[]> {
    return normalizeModes(await this.read("/modes"));
  }

  async setMode(modeId: string): Promise<void> {
    await this.write(`/modes/${segment(modeId)}`);
  }

  async getHsm(): Promise<string | null> {
    return normalizeHsm(await this.read("/hsm"));
  }

  /** `armAway`, `armHome`, `armNight`, `disarm`, `disarmAll`, `armAll` or `cancelAlerts`. */
  async setHsm(command: string): Promise<string | null> {
    return normalizeHsm(await this.write(`/hsm/${segment(command)}`));
  }

  async getHubVariables(): Promise<HubVariable[]> {
    return normalizeHubVariables(await this.read("/hubvariables"));
  }

  async getHubVariable(name: string): Promise<HubVariable | null> {
    return normalizeHubVariables(await this.read(`/hubvariables/${segment(name)}`))[0] ?? null;
  }

  async setHubVariable(name: string, value: string): Promise<HubVariable | null> {
    return normalizeHubVariables(await this.write(`/hubvariables/${segment(name)}/${segment(value)}`))[0] ?? null;
  }

  /** Tells the hub where to POST every event (`/postURL/{url}`); the URL carries the receiver's secret. */
  async setPostUrl(url: string): Promise<void> {
    await this.write(`/postURL/${encodeURIComponent(url)}`);
  }

  // ---- transport -------------------------------------------------------------------------------

  private read(path: string): Promise<unknown> {
    return this.request(path, true);
  }

  private write(path: string): Promise<unknown> {
    return this.request(path, false);
  }

  private async request(path: string, isRead: boolean): Promise<unknown> {
    const attempts = isRead ? this.readRetries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.semaphore.run(() => this.once(path, isRead));
      } catch (err) {
        if (!(err instanceof HubError) || !err.retryable || attempt >= attempts) throw err;
        // Exponential with full jitter, outside the semaphore so a waiting call can use the slot.
        const pause = Math.random() * this.retryBaseMs * 2 ** (attempt - 1) + this.retryBaseMs / 2;
        this.logger?.debug({ path: redactUrl(path), attempt, pauseMs: Math.round(pause) }, "retrying a hub read");
        await sleep(pause);
      }
    }
  }

  private async once(path: string, isRead: boolean): Promise<unknown> {
    const url = `${this.baseUrl}${path}${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(this.token)}`;
    const shown = redactUrl(path);
    const started = performance.now();
    let status: number;
    let body: string;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: "manual" });
      status = res.status;
      body = await res.text();
    } catch (err) {
      const timedOut = (err as Error)?.name === "TimeoutError" || (err as Error)?.name === "AbortError";
      this.logger?.warn(
        { path: shown, ms: Math.round(performance.now() - started), error: timedOut ? "timeout" : causeOf(err) },
        "hub request failed",
      );
      if (timedOut) {
        throw new HubError(
          "HUB_TIMEOUT",
          isRead
            ? `The hub did not answer within ${this.timeoutMs / 1000} s.`
            : `The hub did not answer within ${this.timeoutMs / 1000} s; the command may or may not have been carried out.`,
          { path: shown, retryable: true },
        );
      }
      throw new HubError("HUB_UNREACHABLE", "The hub cannot be reached right now.", { path: shown, retryable: true });
    }
    this.logger?.debug({ path: shown, status, ms: Math.round(performance.now() - started) }, "hub request");

    // A refused token is 401 with an XML body; some firmware answers 200 with the same body.
    if (status === 401 || isInvalidTokenBody(body)) {
      throw new HubError(
        "HUB_UNAUTHORIZED",
        "The hub refused Homegraph's access token: check HUBITAT_ACCESS_TOKEN and HUBITAT_APP_ID against the Maker API app.",
        { path: shown, status },
      );
    }
    if (status === 404) {
      throw new HubError("HUB_NOT_FOUND", "The hub does not know that device, mode or variable.", {
        path: shown,
        status,
      });
    }
    if (status >= 500) {
      throw new HubError("HUB_ERROR", `The hub answered with an error (HTTP ${status}).`, {
        path: shown,
        status,
        retryable: true,
      });
    }
    if (status >= 300) {
      throw new HubError("HUB_REFUSED", `The hub refused the request (HTTP ${status}): ${hubMessage(body)}`, {
        path: shown,
        status,
      });
    }
    // The content type is no guide (the hub labels JSON text/html): the body decides.
    if (body.trim() === "") return null;
    try {
      return JSON.parse(body);
    } catch {
      throw new HubError("HUB_BAD_RESPONSE", "The hub sent an answer Homegraph cannot read.", {
        path: shown,
        status,
        retryable: true,
      });
    }
  }
}

/** The hub's answer to a bad token: `<oauth><error>invalid_token</error></oauth>`. */
export function isInvalidTokenBody(body: string): boolean {
  return /^\s*<oauth>/.test(body);
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

/** A short, safe excerpt of the hub's explanation (JSON `message`/`error`, or the text). */
function hubMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    const message =
      typeof parsed.message === "string" ? parsed.message : typeof parsed.error === "string" ? parsed.error : "";
    if (message) return message.slice(0, 200);
  } catch {
    // not JSON
  }
  return (
    body
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 200) || "no reason given"
  );
}
