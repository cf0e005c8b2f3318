/**
 * A background pass that runs one at a time (a worker draining a table). `wake()` runs it now, or
 * right after the one under way: any number of wakes during a pass make exactly one more. After
 * each pass, what it answered is how long until it runs again by itself (undefined: not until woken).
 * The pass handles its own errors; one that throws is handed to `onError`.
 */
export class WakeableLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly pass: () => Promise<number | undefined>,
    private readonly onError: (err: unknown) => void,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.pass()
      .then((nextMs) => {
        if (nextMs !== undefined && !this.again) this.schedule(nextMs);
      }, this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** A pass in `ms`, unless one is woken sooner. */
  schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.wake(), ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Waits for the pass under way, and those it woke (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }
}
