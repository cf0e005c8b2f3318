import { timeLeft } from "./pass-time";

describe("a guest pass's time left", () => {
  const now = Date.parse("2026-12-05T10:00:00Z");
  it.each([
    [45_000, "45 s"],
    [65_000, "1 min 05 s"],
    [2 * 3_600_000 + 5 * 60_000, "2 h 05 min"],
    [86_400_000, "1 day"],
    [2 * 86_400_000 + 4 * 3_600_000, "2 days 4 h"],
    [-5_000, "0 s"],
  ])("%i ms left reads %s", (left, words) => {
    expect(timeLeft(now + left, now)).toBe(words);
  });
});
