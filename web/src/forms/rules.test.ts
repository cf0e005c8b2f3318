import { displayName, email, intInRange, matches, newPassword } from "./rules";

// The server's rules (subgraphs/auth/src/services/validation.ts) as the browser applies them.
describe("form rules", () => {
  it("passwords: 8 to 128 characters, at most 72 bytes", () => {
    expect(newPassword("1234567")).toMatch(/at least 8/);
    expect(newPassword("12345678")).toBeUndefined();
    expect(newPassword("a".repeat(129))).toMatch(/at most 128/);
    expect(newPassword("é".repeat(40))).toMatch(/72 bytes/);
    expect(newPassword("🙂🙂")).toMatch(/at least 8/);
  });

  it("emails: present, at most 255 characters, shaped like an address", () => {
    expect(email(" ")).toBe("Enter your email address.");
    expect(email("someone")).toBe("Enter a valid email address.");
    expect(email("a@b")).toBe("Enter a valid email address.");
    expect(email(" sam@example.com ")).toBeUndefined();
    expect(email(`${"a".repeat(250)}@example.com`)).toMatch(/at most 255/);
  });

  it("display names, repeated passwords and whole-number ranges", () => {
    expect(displayName("  ")).toMatch(/must not be empty/);
    expect(displayName("x".repeat(101))).toMatch(/at most 100/);
    expect(displayName(" Sam ")).toBeUndefined();
    expect(matches("password")("abc", { password: "abd" })).toMatch(/do not match/);
    expect(matches("password")("abc", { password: "abc" })).toBeUndefined();
    expect(intInRange(0, 100, "Level")(101)).toBe("Level must be between 0 and 100.");
    expect(intInRange(0, 100, "Level")("4.5")).toBe("Level must be a whole number.");
    expect(intInRange(0, 100, "Level")(50)).toBeUndefined();
  });
});
