import { EventGaps } from "./event-gaps";

describe("EventGaps", () => {
  const every = (gaps: EventGaps, id: string, times: number, intervalMs: number, from = 0) => {
    for (let i = 0; i < times; i++) gaps.heard(id, from + i * intervalMs);
    return from + (times - 1) * intervalMs;
  };

  it("names a device that usually reports once it is silent for three of its intervals, once per silence", () => {
    const gaps = new EventGaps({ minSilenceMs: 1_000 });
    const last = every(gaps, "51", 6, 10_000);
    expect(gaps.silent(last + 29_000)).toEqual([]);
    expect(gaps.silent(last + 31_000)).toEqual(["51"]);
    expect(gaps.silent(last + 60_000)).toEqual([]);
    gaps.heard("51", last + 61_000);
    expect(gaps.silent(last + 61_000 + 100_000)).toEqual(["51"]);
  });

  it("ignores devices that seldom report, bursts of one report, and waits at least the minimum", () => {
    const gaps = new EventGaps({ minSilenceMs: 60_000 });
    every(gaps, "91", 3, 1_000);
    // A dimmer's level and switch arrive together: one report.
    for (let i = 0; i < 10; i++) gaps.heard("12", i * 10);
    const last = every(gaps, "21", 8, 2_000);
    expect(gaps.silent(last + 10_000)).toEqual([]);
    expect(gaps.silent(last + 61_000)).toEqual(["21"]);
    gaps.forget("21");
    expect(gaps.silent(last + 1_000_000)).toEqual([]);
  });
});
