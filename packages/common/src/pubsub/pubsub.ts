import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub as createYogaPubSub, type PubSub, type PubSubEventTarget } from "@graphql-yoga/subscription";
import { setMaxListeners } from "node:events";
import { Redis } from "ioredis";
import { z } from "zod";
import type { HealthCheck } from "../health/health.js";
import type { Logger } from "../logging/logger.js";
import { tracingSerializer, withTraceContext } from "./trace-envelope.js";

/** What every service's pub/sub carries: a topic (optionally `topic:id`) and one JSON payload. */
export type ServicePubSub = PubSub<Record<string, [any] | [string | number, any]>>;

export const redisUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === "redis:" || u.protocol === "rediss:") && u.hostname !== "";
  } catch {
    return false;
  }
}, "must be a URL like redis://127.0.0.1:6379");

/** REDIS_URL is optional everywhere: without it, events stay inside the process. */
export const pubSubEnvSchema = z.object({
  REDIS_URL: redisUrl.optional(),
  REDIS_CHANNEL_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "must be 1 to 64 letters, digits, ':', '_', '.' or '-'")
    .default("homegraph:"),
});

export interface PubSubOptions {
  /** Unset: in-process, which is only right for a single replica. */
  redisUrl?: string;
  logger: Logger;
  /**
   * Prefix of every Redis channel, so two deployments (or two test runs) on one Redis never hear
   * each other. Replicas of one service must share it.
   */
  channelPrefix?: string;
}

export interface RunningPubSub {
  pubSub: ServicePubSub;
  mode: "memory" | "redis";
  /** `pubsub` in /health: in Redis mode, both connections must be ready. */
  health: HealthCheck;
  close(): Promise<void>;
}

/**
 * The pub/sub type-graphql's `@Subscription` runs on. With Redis, a publish on any replica
 * reaches the subscribers of every replica exactly once: each replica hears the channel once and
 * fans it out locally; ioredis reconnects with backoff and re-subscribes by itself.
 */
export async function createServicePubSub(options: PubSubOptions): Promise<RunningPubSub> {
  const logger = options.logger.child({ component: "pubsub" });
  if (!options.redisUrl) {
    const eventTarget = new EventTarget();
    // Every open subscription is a listener; Node's leak warning at 10 would be noise here.
    setMaxListeners(0, eventTarget);
    return {
      pubSub: createYogaPubSub({ eventTarget: eventTarget as PubSubEventTarget<never> }) as ServicePubSub,
      mode: "memory",
      // In-process pub/sub has nothing that can fail; the entry says which mode is in use.
      health: { name: "pubsub (in-process)", check: async () => undefined },
      close: async () => undefined,
    };
  }
  const prefix = options.channelPrefix ?? "homegraph:";
  const connect = (role: string) => {
    const client = new Redis(options.redisUrl!, {
      lazyConnect: true,
      // A publish while Redis is away waits in ioredis' queue rather than failing the resolver.
      maxRetriesPerRequest: null,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 5000),
      // Names the connection in CLIENT LIST, so an operator sees which deployment holds it.
      connectionName: `${prefix}${role}`.replace(/[^A-Za-z0-9:_.-]/g, "_"),
    });
    let down = false;
    client.on("error", (err: Error) => {
      if (!down) logger.warn({ role, err: err.message }, "redis connection failed; retrying");
      down = true;
    });
    client.on("ready", () => {
      if (down) logger.info({ role }, "redis connection back");
      down = false;
    });
    return client;
  };
  const publishClient = connect("publish");
  const subscribeClient = connect("subscribe");
  // The first connection must work: a wrong REDIS_URL is a configuration error, not a blip.
  try {
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  } catch (err) {
    publishClient.disconnect();
    subscribeClient.disconnect();
    throw new Error(`Redis at REDIS_URL cannot be reached: ${(err as Error).message}`, { cause: err });
  }
  // The serializer and the prefixed target's dispatch carry a publish's trace to every replica.
  const inner = createRedisEventTarget({ publishClient, subscribeClient, serializer: tracingSerializer });
  const eventTarget = prefixedEventTarget(inner as unknown as PubSubEventTarget<never>, prefix);
  logger.info({ mode: "redis" }, "pub/sub on redis");
  return {
    pubSub: createYogaPubSub({ eventTarget }) as ServicePubSub,
    mode: "redis",
    health: {
      name: "pubsub (redis)",
      check: async () => {
        if (subscribeClient.status !== "ready") throw new Error(`redis subscriber is ${subscribeClient.status}`);
        // A ping on a connection that is away would wait in ioredis' queue until the probe times out.
        if (publishClient.status !== "ready") throw new Error(`redis publisher is ${publishClient.status}`);
        // PING is not allowed on a subscribed connection in RESP2; the publisher proves the server.
        await publishClient.ping();
      },
    },
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

/** Puts `prefix` before every channel name; listeners still see the topic without it. */
function prefixedEventTarget<T extends PubSubEventTarget<never>>(inner: T, prefix: string): T {
  return {
    addEventListener: (type: string, listener: unknown) => inner.addEventListener(prefix + type, listener as never),
    removeEventListener: (type: string, listener: unknown) =>
      inner.removeEventListener(prefix + type, listener as never),
    dispatchEvent: (event: CustomEvent) =>
      inner.dispatchEvent(
        new CustomEvent(prefix + event.type, { detail: withTraceContext(event.type, event.detail) }) as never,
      ),
  } as unknown as T;
}
