import { WakeableLoop } from "./wakeable-loop";

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe("WakeableLoop", () => {
  it("runs one pass at a time, and wakes during a pass make exactly one more", async () => {
    let passes = 0;
    let inFlight = 0;
    let most = 0;
    const loop = new WakeableLoop(async () => {
      passes++;
      most = Math.max(most, ++inFlight);
      await tick(20);
      inFlight--;
      return undefined;
    }, fail);
    loop.start();
    loop.wake();
    loop.wake();
    loop.wake();
    await tick(5);
    await loop.settled();
    expect(passes).toBe(2);
    expect(most).toBe(1);
    await loop.stop();
  });

  it("runs again by itself after the delay a pass answers, and not once stopped", async () => {
    let passes = 0;
    const loop = new WakeableLoop(async () => (++passes < 3 ? 10 : undefined), fail);
    loop.start();
    await tick(80);
    expect(passes).toBe(3);
    await loop.stop();
    loop.wake();
    await tick(20);
    expect(passes).toBe(3);
  });

  it("hands a pass that throws to onError and keeps working when woken", async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const loop = new WakeableLoop(
      async () => {
        if (++passes === 1) throw new Error("database away");
        return undefined;
      },
      (err) => errors.push(err),
    );
    loop.start();
    await loop.settled();
    loop.wake();
    await loop.settled();
    expect(errors).toHaveLength(1);
    expect(passes).toBe(2);
    await loop.stop();
  });
});

function fail(err: unknown): never {
  throw err;
}
