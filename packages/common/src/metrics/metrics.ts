// Prometheus metrics for one service process: its own registry (several services share a process
// in tests and must not see each other's series), Node's default metrics (event-loop lag, heap,
// GC, CPU), and helpers for the two kinds a service adds: values kept in process (a counter it
// increments) and values read when Prometheus scrapes (a queue's depth, a total stored in the
// database, which every replica then reports alike).
import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Logger } from "pino";

/** One labelled value read at scrape time. */
export interface MetricSample {
  labels?: Record<string, string>;
  value: number;
}

/** What a scrape-time reading returns: one unlabelled value, or one value per label set. */
export type MetricReading = number | MetricSample[];

export interface MetricDefinition {
  /** Prometheus name: `homegraph_` and snake case; a counter's ends in `_total`. */
  name: string;
  help: string;
  labelNames?: string[];
}

export interface ReadMetricDefinition extends MetricDefinition {
  /** Called on every scrape; when it throws, the values of the last good reading stay. */
  read: () => MetricReading | Promise<MetricReading>;
}

export interface HistogramDefinition extends MetricDefinition {
  /** Upper bounds in the metric's unit (seconds); default LATENCY_BUCKETS. */
  buckets?: number[];
}

/** Seconds: from a quick cached answer (5 ms) to a request near its timeout (10 s). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ServiceMetrics {
  readonly registry: Registry;
  /** A counter this process increments. */
  counter(definition: MetricDefinition): Counter;
  /** A histogram of durations this process observes (seconds). */
  histogram(definition: HistogramDefinition): Histogram;
  /** A gauge whose values are read at scrape time (a connection's state, a queue's depth). */
  gauge(definition: ReadMetricDefinition): Gauge;
  /**
   * A counter whose totals are kept elsewhere (a database row) and read at scrape time, so every
   * replica reports the same household totals rather than its own share.
   */
  storedCounter(definition: ReadMetricDefinition): Counter;
  /** The Prometheus text exposition of every metric. */
  text(): Promise<string>;
  readonly contentType: string;
}

export interface ServiceMetricsOptions {
  logger?: Logger;
  /** Node's process metrics (default true). */
  defaultMetrics?: boolean;
}

const samplesOf = (reading: MetricReading): MetricSample[] =>
  typeof reading === "number" ? [{ value: reading }] : reading;

export function createServiceMetrics(options: ServiceMetricsOptions = {}): ServiceMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  /** Reads, and hands the samples to `apply` only when the reading succeeded. */
  const scrape = async (name: string, read: ReadMetricDefinition["read"], apply: (s: MetricSample[]) => void) => {
    let samples: MetricSample[];
    try {
      samples = samplesOf(await read());
    } catch (err) {
      // One failing reading (the database away) must not cost the scrape every other series.
      options.logger?.warn({ err, metric: name }, "could not read a metric; its last values stay");
      return;
    }
    apply(samples);
  };

  return {
    registry,
    contentType: registry.contentType,
    counter: ({ name, help, labelNames = [] }) => new Counter({ name, help, labelNames, registers: [registry] }),
    histogram: ({ name, help, labelNames = [], buckets = LATENCY_BUCKETS }) =>
      new Histogram({ name, help, labelNames, buckets, registers: [registry] }),
    gauge: ({ name, help, labelNames = [], read }) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          await scrape(name, read, (samples) => {
            this.reset();
            for (const { labels = {}, value } of samples) this.set(labels, value);
          });
        },
      }),
    storedCounter: ({ name, help, labelNames = [], read }) =>
      new Counter({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          await scrape(name, read, (samples) => {
            // A counter only goes up in process; the stored total is the truth, so start from zero.
            this.reset();
            for (const { labels = {}, value } of samples) this.inc(labels, Math.max(0, value));
          });
        },
      }),
    text: () => registry.metrics(),
  };
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * `GET /metrics` in Prometheus text format. Meant for the internal network; with `token` set, only
 * a request bearing `Authorization: Bearer <token>` is answered (401 otherwise).
 */
export function metricsHandler(metrics: ServiceMetrics, token?: string): RequestHandler {
  return async (req: Request, res: Response) => {
    if (token) {
      const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
      if (!timingSafeEqual(digest(presented), digest(token))) {
        res.status(401).set("www-authenticate", 'Bearer realm="metrics"').type("text/plain").send("unauthorized\n");
        return;
      }
    }
    try {
      const body = await metrics.text();
      res.status(200).set("content-type", metrics.contentType).set("cache-control", "no-store").send(body);
    } catch (err) {
      res
        .status(500)
        .type("text/plain")
        .send(`metrics could not be collected: ${(err as Error).message}\n`);
    }
  };
}
