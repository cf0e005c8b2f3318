/**
 * What a password alone is worth to someone who has a passkey: a way in (unless the household asks
 * for a second factor), never a step-up for the dangerous actions.
 */
import { VirtualAuthenticator } from "../../../test/support/virtual-authenticator.cjs";
import { codeOf, login, type AuthUnderTest } from "./__tests__/helpers";
import { PASSWORD, useAnnAndBo } from "./__tests__/household";

const ORIGIN = "https://homegraph.example.com";
let auth: AuthUnderTest;
let annId: number;

const { auditOf } = useAnnAndBo(
  async (household) => {
    ({ auth, annId } = household);
    // Ann adds a passkey from a fresh password sign-in (before she had one, the password was her proof).
    const ann = await login(auth, "ann@example.com", PASSWORD);
    const begun = await auth.gql(
      `mutation { beginPasskeyRegistration { challengeId optionsJSON } }`,
      {},
      ann.accessToken,
    );
    const { challengeId, optionsJSON } = begun.body.data!.beginPasskeyRegistration;
    const response = JSON.stringify(new VirtualAuthenticator({ origin: ORIGIN }).createResponse(optionsJSON));
    const done = await auth.gql(
      `mutation ($c: String!, $r: String!) { finishPasskeyRegistration(challengeId: $c, response: $r) { id } }`,
      { c: challengeId, r: response },
      ann.accessToken,
    );
    if (!done.body.data) throw new Error(JSON.stringify(done.body.errors));
  },
  { PUBLIC_URL: ORIGIN },
);

const CHANGE_PASSWORD = `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const STEP_UP = `mutation ($p: String) { stepUp(password: $p) { accessToken } }`;
const SIGN_IN = `mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) {
  __typename ... on AuthPayload { accessToken } ... on SecondFactorChallenge { methods } } }`;

describe("a person with a passkey", () => {
  it("signs in with the password, but that sign-in is no step-up, and the password cannot step up", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    expect(
      codeOf(await auth.gql(CHANGE_PASSWORD, { c: PASSWORD, n: "another long passphrase" }, ann.accessToken)),
    ).toBe("STEP_UP_REQUIRED");
    const stepUp = await auth.gql(STEP_UP, { p: PASSWORD }, ann.accessToken);
    expect(codeOf(stepUp)).toBe("BAD_USER_INPUT");
    expect(stepUp.body.errors![0]!.message).toMatch(/passkey/);
    expect((await auditOf("STEP_UP_FAILED")).at(-1)).toMatchObject({ user_id: annId });
  });

  it("must use the passkey when the household asks for a second factor", async () => {
    await auth.sql(
      `insert into auth.system_settings (key, value, updated_at) values ('secondFactor.required', '"ADMINS"', now())
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    );
    try {
      const refused = await auth.gql(SIGN_IN, { e: "ann@example.com", p: PASSWORD });
      expect(refused.body.data!.signIn).toEqual({ __typename: "SecondFactorChallenge", methods: ["PASSKEY"] });
      const viaLogin = await auth.gql(
        `mutation { login(email: "ann@example.com", password: "${PASSWORD}") { accessToken } }`,
      );
      expect(codeOf(viaLogin)).toBe("SECOND_FACTOR_REQUIRED");
      expect(viaLogin.body.errors![0]!.message).toMatch(/passkey/);
      // Bo, a member with no factor, is not asked.
      const bo = await auth.gql(SIGN_IN, { e: "bo@example.com", p: PASSWORD });
      expect(bo.body.data!.signIn.__typename).toBe("AuthPayload");
    } finally {
      await auth.sql(`delete from auth.system_settings where key like 'secondFactor.%'`);
    }
  });
});
