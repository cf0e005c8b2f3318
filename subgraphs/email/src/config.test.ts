import webpush from "web-push";
import { configFromEnv } from "./config";

const base = { NODE_ENV: "test", DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x" };
const problems = (env: Record<string, string>) => {
  try {
    configFromEnv({ ...base, ...env });
    return [];
  } catch (err) {
    return (err as { problems?: { variable: string }[] }).problems?.map((p) => p.variable) ?? [String(err)];
  }
};

describe("VAPID_* settings", () => {
  const pair = webpush.generateVAPIDKeys();
  const other = webpush.generateVAPIDKeys();

  it("are all three or none, and then a matching P-256 pair with a mailto: or https: subject", () => {
    expect(problems({})).toEqual([]);
    expect(configFromEnv(base).notifications).toMatchObject({
      vapid: undefined,
      defaultSubject: "mailto:homegraph@localhost",
    });
    const ok = {
      VAPID_PUBLIC_KEY: pair.publicKey,
      VAPID_PRIVATE_KEY: pair.privateKey,
      VAPID_SUBJECT: "mailto:me@example.com",
    };
    expect(problems(ok)).toEqual([]);
    expect(configFromEnv({ ...base, ...ok }).notifications.vapid).toEqual({
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
      subject: "mailto:me@example.com",
    });
    expect(problems({ VAPID_PUBLIC_KEY: pair.publicKey })).toEqual(["VAPID_PRIVATE_KEY", "VAPID_SUBJECT"]);
    expect(problems({ ...ok, VAPID_PRIVATE_KEY: other.privateKey })).toEqual(["VAPID_PRIVATE_KEY"]);
    expect(problems({ ...ok, VAPID_PUBLIC_KEY: "abc" })).toEqual(["VAPID_PUBLIC_KEY"]);
    expect(problems({ ...ok, VAPID_SUBJECT: "http://example.com" })).toEqual(["VAPID_SUBJECT"]);
  });
});
