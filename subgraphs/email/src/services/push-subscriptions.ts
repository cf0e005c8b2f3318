import { createHash } from "node:crypto";
import { BadUserInputError, NotFoundError, type SecretBox } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { PushSubscription } from "../entities/push-subscription.entity.js";
import { endpointProblem, originOf, type PushTarget } from "./push-sender.js";

export interface AddPushSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent?: string | null;
}

const endpointHash = (endpoint: string) => createHash("sha256").update(endpoint, "utf8").digest("hex");

function base64UrlBytes(value: unknown, field: string, length: number, what: string): string {
  const ok = typeof value === "string" && /^[A-Za-z0-9_-]+={0,2}$/.test(value);
  const bytes = ok ? Buffer.from(value.replace(/=+$/, ""), "base64url") : Buffer.alloc(0);
  if (bytes.length !== length || (length === 65 && bytes[0] !== 4)) {
    throw new BadUserInputError(`${field} must be ${what}, base64url.`, field);
  }
  return bytes.toString("base64url");
}

/** Browsers' push subscriptions: endpoint and keys sealed, unique by the endpoint's hash. */
export class PushSubscriptions {
  constructor(
    private readonly box: SecretBox,
    private readonly production: boolean,
  ) {}

  /**
   * Saves a browser's subscription. The same endpoint again (the browser re-subscribing, or
   * another person signing in on it) takes the row over: a browser pushes for whoever subscribed last.
   */
  async add(em: EntityManager, userId: number, input: AddPushSubscription): Promise<PushSubscription> {
    const endpoint = typeof input.endpoint === "string" ? input.endpoint.trim() : "";
    if (endpoint.length === 0 || endpoint.length > 2048) {
      throw new BadUserInputError("endpoint must be a URL of at most 2048 characters.", "input.endpoint");
    }
    const problem = endpointProblem(endpoint, this.production);
    if (problem) throw new BadUserInputError(problem, "input.endpoint");
    const p256dh = base64UrlBytes(input.p256dh, "input.p256dh", 65, "an uncompressed P-256 public key (65 bytes)");
    const auth = base64UrlBytes(input.auth, "input.auth", 16, "a 16-byte secret");
    const userAgent = input.userAgent ? input.userAgent.slice(0, 255) : null;
    const sealed = this.box.seal(JSON.stringify({ endpoint, p256dh, auth } satisfies PushTarget));
    const [row] = await em.execute<{ id: number }[]>(
      `insert into "email"."push_subscriptions" (user_id, endpoint_hash, origin, sealed, user_agent) values (?, ?, ?, ?, ?)
       on conflict (endpoint_hash) do update set user_id = excluded.user_id, sealed = excluded.sealed,
         user_agent = excluded.user_agent, origin = excluded.origin, last_error = null
       returning id`,
      [userId, endpointHash(endpoint), originOf(endpoint), sealed, userAgent],
    );
    return em.findOneOrFail(PushSubscription, { id: row!.id }, { refresh: true });
  }

  list(em: EntityManager, userId: number): Promise<PushSubscription[]> {
    return em.find(PushSubscription, { userId }, { orderBy: { createdAt: "desc", id: "desc" } });
  }

  /** Removes one of the person's own; another's id is NOT_FOUND, as if it did not exist. */
  async remove(em: EntityManager, userId: number, id: number): Promise<true> {
    const gone = await em.execute<{ id: number }[]>(
      `delete from "email"."push_subscriptions" where id = ? and user_id = ? returning id`,
      [id, userId],
    );
    if (gone.length === 0) throw new NotFoundError(`You have no push subscription ${id}.`);
    return true;
  }

  open(sealed: string): PushTarget {
    return JSON.parse(this.box.open(sealed)) as PushTarget;
  }
}
