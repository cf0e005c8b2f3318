/**
 * Passkeys in development: with PUBLIC_URL on localhost (the default), a page on any localhost port
 * (the Vite dev server, a test stack on a free port) may use them; another host may not, and in
 * production only PUBLIC_URL's origin and WEBAUTHN_ORIGINS count.
 */
import { VirtualAuthenticator } from "../../../test/support/virtual-authenticator.cjs";
import { codeOf, login, type AuthUnderTest } from "./__tests__/helpers";
import { PASSWORD, useAnnAndBo } from "./__tests__/household";
import { configFromEnv } from "./config";

let auth: AuthUnderTest;
useAnnAndBo((household) => ({ auth } = household));

const BEGIN_SIGN_IN = `mutation { beginPasskeySignIn { challengeId optionsJSON } }`;
const FINISH_SIGN_IN = `mutation ($c: String!, $r: String!) {
  finishPasskeySignIn(challengeId: $c, response: $r) { user { email } } }`;

it("any localhost port signs in outside production; another host does not", async () => {
  const ann = await login(auth, "ann@example.com", PASSWORD);
  const device = new VirtualAuthenticator({ origin: "http://localhost:5173" });
  const begun = await auth.gql(
    `mutation { beginPasskeyRegistration { challengeId optionsJSON } }`,
    {},
    ann.accessToken,
  );
  const { challengeId, optionsJSON } = begun.body.data!.beginPasskeyRegistration;
  expect(JSON.parse(optionsJSON).rp.id).toBe("localhost");
  const added = await auth.gql(
    `mutation ($c: String!, $r: String!) { finishPasskeyRegistration(challengeId: $c, response: $r) { id } }`,
    { c: challengeId, r: JSON.stringify(device.createResponse(optionsJSON)) },
    ann.accessToken,
  );
  expect(added.body.errors).toBeUndefined();

  for (const [origin, expected] of [
    ["http://localhost:41234", "OK"],
    ["http://127.0.0.1:6003", "PASSKEY_VERIFICATION_FAILED"],
    ["http://localhost.evil.test:6003", "PASSKEY_VERIFICATION_FAILED"],
  ] as const) {
    const { challengeId: c, optionsJSON: o } = (await auth.gql(BEGIN_SIGN_IN, {})).body.data!.beginPasskeySignIn;
    const res = await auth.gql(FINISH_SIGN_IN, { c, r: JSON.stringify(device.getResponse(o, { origin })) });
    expect([origin, res.body.errors ? codeOf(res) : "OK"]).toEqual([origin, expected]);
  }
});

it("production accepts PUBLIC_URL's origin and WEBAUTHN_ORIGINS only", () => {
  const base = { DATABASE_URL: "postgres://localhost/x" };
  expect(configFromEnv(base).auth.webauthn.anyLocalhostPort).toBe(true);
  const secrets = { AUTH_SECRET: "3f9a".repeat(16), SERVICE_SECRET: "b7c1".repeat(16) };
  expect(configFromEnv({ ...base, ...secrets, NODE_ENV: "production" }).auth.webauthn.anyLocalhostPort).toBe(false);
  expect(configFromEnv({ ...base, PUBLIC_URL: "https://home.example.com" }).auth.webauthn.anyLocalhostPort).toBe(false);
});
