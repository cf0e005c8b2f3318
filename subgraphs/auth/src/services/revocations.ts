import type { Logger, Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Client } from "pg";

export const REVOCATION_CHANNEL = "homegraph_auth_revocations";

export interface RevocationEntry {
  /** The session (refresh-token family) or API token id every access token of it carries as `sid`. */
  sid: string;
  /** Unix seconds after which no access token of the session can be alive: the entry may be forgotten. */
  exp: number;
}

/**
 * Queues a NOTIFY inside the caller's transaction: PostgreSQL delivers it on commit and never on
 * rollback, so every replica hears of a revocation exactly when it becomes true.
 */
export async function notifyRevoked(em: EntityManager, entries: RevocationEntry[]): Promise<void> {
  // NOTIFY payloads are limited to 8000 bytes; a uuid entry is about 60.
  for (let i = 0; i < entries.length; i += 50) {
    await em.execute("select pg_notify(?, ?)", [REVOCATION_CHANNEL, JSON.stringify(entries.slice(i, i + 50))]);
  }
}

/**
 * The set of revoked sessions this replica knows, kept current by LISTEN on a dedicated
 * connection (reconnecting with backoff, reloading from the table after each reconnect), and the
 * fan-out to this replica's SSE subscribers.
 */
export class RevocationHub {
  private readonly entries = new Map<string, number>();
  private readonly listeners = new Set<(entry: RevocationEntry) => void>();
  private client?: Client;
  private stopped = false;
  private reconnectDelayMs = 250;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(
    private readonly orm: Orm,
    private readonly databaseUrl: string,
    /** Access-token lifetime plus clock tolerance: how long after revocation a token could live. */
    private readonly lifetimeSeconds: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect();
    await this.reload();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.listeners.clear();
    await this.client?.end().catch(() => undefined);
  }

  isRevoked(sid: string): boolean {
    const exp = this.entries.get(sid);
    return exp !== undefined && exp * 1000 > Date.now();
  }

  list(): RevocationEntry[] {
    const now = Date.now() / 1000;
    const out: RevocationEntry[] = [];
    for (const [sid, exp] of this.entries) {
      if (exp > now) out.push({ sid, exp });
      else this.entries.delete(sid);
    }
    return out;
  }

  subscribe(listener: (entry: RevocationEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The entry for a session revoked now. */
  entryFor(sid: string, revokedAt = new Date()): RevocationEntry {
    return { sid, exp: Math.ceil(revokedAt.getTime() / 1000) + this.lifetimeSeconds };
  }

  /** Adds entries (after commit, from NOTIFY, or from a reload) and streams the ones new here. */
  apply(entries: RevocationEntry[]): void {
    for (const entry of entries) {
      const known = this.entries.get(entry.sid);
      if (known !== undefined && known >= entry.exp) continue;
      this.entries.set(entry.sid, entry.exp);
      for (const listener of this.listeners) listener(entry);
    }
  }

  private async reload(): Promise<void> {
    const rows = (await this.orm.em.fork().execute(
      `select family_id::text as sid, extract(epoch from max(revoked_at))::bigint as revoked
         from auth.user_sessions
        where revoked_at > now() - make_interval(secs => ?)
        group by family_id
       union all
       select id::text, extract(epoch from revoked_at)::bigint
         from auth.api_tokens
        where revoked_at > now() - make_interval(secs => ?)`,
      [this.lifetimeSeconds, this.lifetimeSeconds],
    )) as { sid: string; revoked: string }[];
    this.apply(rows.map((r) => ({ sid: r.sid, exp: Number(r.revoked) + this.lifetimeSeconds })));
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: "homegraph-auth-listen" });
    client.on("notification", (msg) => {
      if (msg.channel !== REVOCATION_CHANNEL || !msg.payload) return;
      try {
        this.apply(JSON.parse(msg.payload) as RevocationEntry[]);
      } catch (err) {
        this.logger.warn({ err }, "ignored a malformed revocation notification");
      }
    });
    const onLost = (err?: Error) => {
      if (this.stopped || this.client !== client) return;
      this.client = undefined;
      this.logger.warn({ err }, "revocation listener lost its connection; reconnecting");
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    await client.connect();
    await client.query(`listen ${REVOCATION_CHANNEL}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    this.reconnectTimer = setTimeout(async () => {
      try {
        await this.connect();
        // Anything revoked while we were deaf is in the table.
        await this.reload();
        this.reconnectDelayMs = 250;
        this.logger.info("revocation listener reconnected");
      } catch (err) {
        this.logger.warn({ err }, "revocation listener could not reconnect");
        this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 10_000);
        if (!this.stopped) this.scheduleReconnect();
      }
    }, this.reconnectDelayMs);
    this.reconnectTimer.unref();
  }
}
