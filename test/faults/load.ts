import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface Sample {
  kind: "query" | "mail";
  at: number;
  ms: number;
  status: number;
  /** `extensions.code` of every error, in order. */
  codes: string[];
  /** The field the errors named, for partial answers. */
  paths: string[];
  data: Record<string, any> | null | undefined;
}

export interface LoadOptions {
  gatewayUrl: string;
  authorization: string;
  userId: string;
  deviceId: string;
  /** Mail goes to this address; each has an idempotency key of its own. */
  mailTo: string;
}

const QUERY = `query ($user: ID!, $device: ID!) { user(id: $user) { id email } device(id: $device) { id label } }`;
const SEND = `mutation ($input: SendEmailInput!) { sendEmail(input: $input) { id status } }`;
const SUBSCRIBE = `subscription { deviceUpdated { id } }`;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * What a household does all day, at a steady pace: reads across two subgraphs, mail sent, and a
 * live subscription that resubscribes when it ends, as the web app does. Every answer is kept,
 * so a test can look at what people saw while a fault lasted.
 */
export class Load {
  readonly samples: Sample[] = [];
  /** Ids of the mail the service accepted (sendEmail answered with a row). */
  readonly acceptedMail: number[] = [];
  /** When each subscription event arrived. */
  readonly events: number[] = [];
  readonly subscriptionErrors: { at: number; error: string }[] = [];
  private stopped = false;
  private client?: Client;
  private loops: Promise<void>[] = [];
  private mailSeq = 0;

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    this.loops = [this.every(150, () => this.query()), this.every(500, () => this.mail())];
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    await this.client?.dispose();
  }

  /** Samples of `kind` from `from` (a Date.now()) on, up to `to`. */
  window(kind: Sample["kind"], from: number, to = Infinity): Sample[] {
    return this.samples.filter((s) => s.kind === kind && s.at >= from && s.at <= to);
  }

  /** Resolves once a subscription event arrives after `since`. */
  async nextEvent(since: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.events.some((t) => t > since)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  private async every(ms: number, task: () => Promise<void>): Promise<void> {
    while (!this.stopped) {
      const began = Date.now();
      await task();
      await new Promise((r) => setTimeout(r, Math.max(0, ms - (Date.now() - began))));
    }
  }

  private async post(kind: Sample["kind"], query: string, variables: Record<string, unknown>): Promise<Sample> {
    const at = Date.now();
    const sample: Sample = { kind, at, ms: 0, status: 0, codes: [], paths: [], data: undefined };
    try {
      const res = await fetch(`${this.options.gatewayUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: this.options.authorization },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      sample.status = res.status;
      const body = (await res.json().catch(() => ({}))) as {
        data?: Record<string, any> | null;
        errors?: { path?: unknown[]; extensions?: { code?: string } }[];
      };
      sample.data = body.data;
      sample.codes = (body.errors ?? []).map((e) => e.extensions?.code ?? "NONE");
      sample.paths = (body.errors ?? []).map((e) => String(e.path?.[0] ?? ""));
    } catch (err) {
      sample.codes = [(err as Error).name === "TimeoutError" ? "HUNG" : "NO_ANSWER"];
    }
    sample.ms = Date.now() - at;
    this.samples.push(sample);
    return sample;
  }

  private async query(): Promise<void> {
    await this.post("query", QUERY, { user: this.options.userId, device: this.options.deviceId });
  }

  private async mail(): Promise<void> {
    const n = ++this.mailSeq;
    const sample = await this.post("mail", SEND, {
      input: {
        to: this.options.mailTo,
        subject: `Load mail ${n}`,
        body: `Mail number ${n} of the steady load.`,
        idempotencyKey: `load-${process.pid}-${n}`,
      },
    });
    const id = sample.data?.sendEmail?.id;
    if (id) this.acceptedMail.push(Number(id));
  }

  private subscribe(): void {
    this.client = createClient({
      url: `${this.options.gatewayUrl.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: this.options.authorization },
      // As the web app: keep trying, quickly.
      retryAttempts: Infinity,
      retryWait: () => new Promise((r) => setTimeout(r, 300)),
      shouldRetry: () => true,
    });
    const run = () => {
      if (this.stopped) return;
      this.client!.subscribe(
        { query: SUBSCRIBE },
        {
          next: () => void this.events.push(Date.now()),
          error: (err) => {
            this.subscriptionErrors.push({ at: Date.now(), error: describe(err) });
            setTimeout(run, 300);
          },
          complete: () => setTimeout(run, 300),
        },
      );
    };
    run();
  }
}

function describe(err: unknown): string {
  if (Array.isArray(err)) return err.map((e) => (e as { message?: string }).message ?? String(e)).join("; ");
  if (err instanceof Error) return err.message;
  const close = err as { code?: number; reason?: string };
  if (typeof close?.code === "number") return `closed ${close.code} ${close.reason ?? ""}`.trim();
  return String(err);
}
