/**
 * Changing one's e-mail address: only with a fresh step-up, confirmed from the new address (the
 * link once, or the code), announced to the old one, and refused for an address in use.
 */
import { codeOf, login, REFRESH, type AuthUnderTest } from "./__tests__/helpers";
import { ME, PASSWORD, useAnnAndBo } from "./__tests__/household";

let auth: AuthUnderTest;
const { auditOf } = useAnnAndBo(async (household) => {
  auth = household.auth;
  await auth.sql(`insert into auth.users (email, display_name, role) values ('cy@example.com', 'Cy', 'MEMBER')`);
});

const REQUEST = `mutation ($e: String!) { requestEmailChange(newEmail: $e) }`;
const CONFIRM = `mutation ($t: String!) { confirmEmailChange(token: $t) }`;
const CONFIRM_CODE = `mutation ($c: String!) { confirmEmailChangeWithCode(code: $c) }`;

/** The newest mail of `template` to `to`, with its sealed variables opened. */
async function mailTo(to: string, template: string): Promise<Record<string, unknown>> {
  const [row] = await auth.sql(
    `select * from auth.outbox_emails where to_address = $1 and template = $2 order by id desc limit 1`,
    [to, template],
  );
  if (!row) throw new Error(`no ${template} mail to ${to}`);
  return auth.service.runtime.outbox.variablesOf({
    variables: row.variables,
    secretVariablesEnc: row.secret_variables_enc,
  });
}
const tokenOf = (vars: Record<string, unknown>) => new URL(vars.confirmUrl as string).searchParams.get("token")!;

describe("changing the e-mail address", () => {
  it("needs a factor proven in the last 5 minutes", async () => {
    const bo = await login(auth, "bo@example.com", PASSWORD);
    await auth.sql(`update auth.user_sessions set auth_time = now() - interval '301 seconds' where user_id = $1`, [
      Number(bo.userId),
    ]);
    const stale = (await auth.gql(REFRESH, { t: bo.refreshToken })).body.data!.refreshToken.accessToken;
    const res = await auth.gql(REQUEST, { e: "bo.new@example.com" }, stale);
    expect(codeOf(res)).toBe("STEP_UP_REQUIRED");
    expect((await auditOf("STEP_UP_REQUIRED")).at(-1)!.details).toMatchObject({ operation: "requestEmailChange" });
    expect(await auth.sql(`select * from auth.outbox_emails where to_address = 'bo.new@example.com'`)).toEqual([]);
  });

  it("mails the new address a link, the old one a heads-up; the link switches the address once; sign-in uses the new one", async () => {
    const bo = await login(auth, "bo@example.com", PASSWORD);
    const asked = await auth.gql(REQUEST, { e: "Bo.New@example.com" }, bo.accessToken);
    expect(asked.body.data?.requestEmailChange).toBe(true);
    const confirmation = await mailTo("Bo.New@example.com", "email-change");
    expect(confirmation.confirmUrl).toMatch(/\/confirm-email\?token=/);
    expect(confirmation.confirmCode).toMatch(/^\d{6}$/);
    const headsUp = await mailTo("bo@example.com", "security-notice");
    expect(headsUp.change).toBe("EMAIL_CHANGE_REQUESTED");
    expect(headsUp.signOutUrl).toMatch(/\/sign-out-everywhere\?token=/);
    // Nothing changes before the confirmation; only a hash of the link is stored.
    expect((await auth.gql(ME, {}, bo.accessToken)).body.data!.me.email).toBe("bo@example.com");
    const token = tokenOf(confirmation);
    expect(JSON.stringify(await auth.sql(`select * from auth.password_reset_tokens`))).not.toContain(token);

    const confirmed = await auth.gql(CONFIRM, { t: token });
    expect(confirmed.body.data?.confirmEmailChange).toBe(true);
    expect((await auth.gql(ME, {}, bo.accessToken)).body.data!.me.email).toBe("Bo.New@example.com");
    expect((await auditOf("EMAIL_CHANGED")).at(-1)).toMatchObject({
      user_id: Number(bo.userId),
      details: { from: "bo@example.com", to: "Bo.New@example.com", via: "link" },
    });

    const farewell = await mailTo("bo@example.com", "security-notice");
    expect(farewell.change).toBe("EMAIL_CHANGED");
    expect(farewell.signOutUrl).toMatch(/\/sign-out-everywhere\?token=/);

    const again = await auth.gql(CONFIRM, { t: token });
    expect(codeOf(again)).toBe("BAD_USER_INPUT");
    await oldAddressRefused("bo@example.com");
    const signedIn = await login(auth, "bo.new@example.com", PASSWORD);
    expect(signedIn.userId).toBe(bo.userId);
    // The session that asked is still signed in: the address is not a credential.
    expect((await auth.gql(ME, {}, bo.accessToken)).body.data!.me.email).toBe("Bo.New@example.com");
    await auth.sql(`update auth.users set email = 'bo@example.com' where id = $1`, [Number(bo.userId)]);
  });

  it("the mailed code works for the signed-in person; a wrong code and someone else's are refused", async () => {
    const ann = await login(auth, "ann@example.com", PASSWORD);
    await auth.gql(REQUEST, { e: "ann.two@example.com" }, ann.accessToken);
    const { confirmCode } = await mailTo("ann.two@example.com", "email-change");
    const wrong = confirmCode === "000000" ? "000001" : "000000";
    expect(codeOf(await auth.gql(CONFIRM_CODE, { c: wrong }, ann.accessToken))).toBe("BAD_USER_INPUT");
    const bo = await login(auth, "bo@example.com", PASSWORD);
    // Someone else's code is no code for them.
    expect(codeOf(await auth.gql(CONFIRM_CODE, { c: confirmCode }, bo.accessToken))).toBe("BAD_USER_INPUT");
    const ok = await auth.gql(CONFIRM_CODE, { c: confirmCode }, ann.accessToken);
    expect(ok.body.data?.confirmEmailChangeWithCode).toBe(true);
    expect((await auth.gql(ME, {}, ann.accessToken)).body.data!.me.email).toBe("ann.two@example.com");
    expect((await auditOf("EMAIL_CHANGED")).at(-1)!.details).toMatchObject({ via: "code" });
    await auth.sql(`update auth.users set email = 'ann@example.com' where email = 'ann.two@example.com'`);
  });

  it("refuses an address already in use (EMAIL_TAKEN), an invalid one, and one taken before confirming", async () => {
    const bo = await login(auth, "bo@example.com", PASSWORD);
    const taken = await auth.gql(REQUEST, { e: "CY@example.com" }, bo.accessToken);
    expect(codeOf(taken)).toBe("CONFLICT");
    expect(taken.body.errors![0]!.extensions!.reason).toBe("EMAIL_TAKEN");
    expect(codeOf(await auth.gql(REQUEST, { e: "not an address" }, bo.accessToken))).toBe("BAD_USER_INPUT");

    await auth.gql(REQUEST, { e: "dee@example.com" }, bo.accessToken);
    const token = tokenOf(await mailTo("dee@example.com", "email-change"));
    await auth.sql(`insert into auth.users (email, display_name, role) values ('Dee@example.com', 'Dee', 'MEMBER')`);
    const late = await auth.gql(CONFIRM, { t: token });
    expect(late.body.errors![0]!.extensions!.reason).toBe("EMAIL_TAKEN");
    expect((await auth.gql(ME, {}, bo.accessToken)).body.data!.me.email).toBe("bo@example.com");
  });
});

/** Signing in with the old address fails. */
async function oldAddressRefused(email: string): Promise<void> {
  const res = await auth.gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, {
    e: email,
    p: PASSWORD,
  });
  expect(codeOf(res)).toBe("UNAUTHENTICATED");
}
