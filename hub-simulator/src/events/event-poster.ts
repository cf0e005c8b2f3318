import type { Logger } from "@homegraph/common";
import { postBody } from "../format.js";
import type { HubEvent } from "../hub-event.js";

export interface PostCounts {
  postsSent: number;
  postsFailed: number;
  /** Posts left out on purpose by `dropFor`, as a lossy network would. */
  postsDropped: number;
}

/**
 * Events POSTed to the URL registered with `/postURL`, one at a time, so the receiver sees them in
 * the order the hub made them.
 */
export class EventPoster {
  /** The URL events are POSTed to; null until one is registered. */
  url: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private failing = false;
  private drop = { percent: 0, until: 0, seen: 0 };
  // Closing cuts posts short rather than waiting out a receiver that no longer answers.
  private readonly closing = new AbortController();

  constructor(
    private readonly counts: PostCounts,
    private readonly logger: Logger,
  ) {}

  /**
   * Leaves out `percent` % of the posts for the next `forMs`, evenly spread (every tenth at 10 %)
   * so a test knows how many were lost.
   */
  dropFor(percent: number, forMs: number): void {
    this.drop = { percent: Math.min(100, Math.max(0, percent)), until: Date.now() + forMs, seen: 0 };
  }

  private dropsThis(): boolean {
    const drop = this.drop;
    if (!drop.percent || Date.now() >= drop.until) return false;
    drop.seen++;
    return Math.floor((drop.seen * drop.percent) / 100) > Math.floor(((drop.seen - 1) * drop.percent) / 100);
  }

  post(event: HubEvent): void {
    const target = this.url;
    if (!target) return;
    if (this.dropsThis()) {
      this.counts.postsDropped++;
      return;
    }
    const body = JSON.stringify(postBody(event));
    this.chain = this.chain.then(async () => {
      try {
        const res = await fetch(target, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(5_000), this.closing.signal]),
        });
        await res.body?.cancel();
        this.counts.postsSent++;
        if (this.failing) this.logger.info("event posts reach the registered URL again");
        this.failing = false;
      } catch (err) {
        this.counts.postsFailed++;
        // Once per failing streak: an unreachable receiver would otherwise log every event.
        if (!this.failing) {
          this.logger.warn({ err: (err as Error).message }, "could not post an event to the registered URL");
        }
        this.failing = true;
      }
    });
  }

  /** Resolves once every event so far has been posted (or failed to be). */
  async flushed(): Promise<void> {
    // Posts queued while waiting join the chain: wait until it stops growing.
    for (let chain = this.chain; ; chain = this.chain) {
      await chain;
      if (chain === this.chain) return;
    }
  }

  /** Stops posting and cuts the post under way short. */
  stop(): void {
    this.url = null;
    this.closing.abort();
  }

  /** The posts queued so far, settled. */
  settled(): Promise<void> {
    return this.chain;
  }
}
