import { codeOf, login, type AuthUnderTest } from "./__tests__/helpers";
import { ME, PASSWORD, useAnnAndBo } from "./__tests__/household";

const NEW_PASSWORD = "a brand new passphrase";
let auth: AuthUnderTest;
const { auditOf } = useAnnAndBo((household) => ({ auth } = household));
beforeEach(() => auth.sql(`delete from auth.password_reset_tokens`));

const REQUEST = `mutation ($e: String!) { requestPasswordReset(email: $e) }`;
const WITH_CODE = `mutation ($e: String!, $c: String!, $p: String!) { resetPasswordWithCode(email: $e, code: $c, newPassword: $p) }`;
const WITH_LINK = `mutation ($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;

/** Asks for a reset and reads the mail as the email service will get it: the link and the code. */
async function resetMail(email: string): Promise<{ code: string; token: string; plain: Record<string, unknown> }> {
  await auth.gql(REQUEST, { e: email });
  const [row] = await auth.sql(
    `select * from auth.outbox_emails where template = 'password-reset' and to_address = $1 order by id desc limit 1`,
    [email],
  );
  const vars = auth.service.runtime.outbox.variablesOf({
    variables: row!.variables,
    secretVariablesEnc: row!.secret_variables_enc,
  }) as { resetUrl: string; resetCode: string };
  return { code: vars.resetCode, token: new URL(vars.resetUrl).searchParams.get("token")!, plain: row!.variables };
}

async function setPasswordBack(email: string) {
  const { code } = await resetMail(email);
  await auth.gql(WITH_CODE, { e: email, c: code, p: PASSWORD });
}

it("the reset mail carries a 6-digit code with the link; the code sets the password once and ends every session", async () => {
  const session = await login(auth, "bo@example.com", PASSWORD);
  const { code, token, plain } = await resetMail("bo@example.com");
  expect(code).toMatch(/^\d{6}$/);
  expect(JSON.stringify(plain)).not.toContain(code);
  const [stored] = await auth.sql(`select code_hash from auth.password_reset_tokens order by id desc limit 1`);
  expect(stored!.code_hash).toMatch(/^[0-9a-f]{64}$/);

  const ok = await auth.gql(WITH_CODE, { e: "BO@example.com", c: code, p: NEW_PASSWORD });
  expect(ok.body.data?.resetPasswordWithCode).toBe(true);
  expect(codeOf(await auth.gql(ME, {}, session.accessToken))).toBe("UNAUTHENTICATED");
  expect((await login(auth, "bo@example.com", NEW_PASSWORD)).userId).toBeTruthy();
  expect((await auditOf("PASSWORD_RESET")).at(-1)).toMatchObject({ details: { by: "code" } });

  // Used once: neither the code nor the link of the same mail works again.
  expect(codeOf(await auth.gql(WITH_CODE, { e: "bo@example.com", c: code, p: PASSWORD }))).toBe("BAD_USER_INPUT");
  expect(codeOf(await auth.gql(WITH_LINK, { t: token, p: PASSWORD }))).toBe("BAD_USER_INPUT");
  await setPasswordBack("bo@example.com");
});

it("five wrong codes burn the reset (the right one then fails too), each audited; an unknown address answers alike", async () => {
  const { code } = await resetMail("bo@example.com");
  const wrong = code === "000000" ? "000001" : "000000";
  for (let i = 0; i < 5; i++) {
    await auth.sql(`delete from auth.rate_limit_buckets`); // the growing delay is another test's subject
    const res = await auth.gql(WITH_CODE, { e: "bo@example.com", c: wrong, p: NEW_PASSWORD });
    expect(res.body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "code" } });
  }
  await auth.sql(`delete from auth.rate_limit_buckets`);
  const late = await auth.gql(WITH_CODE, { e: "bo@example.com", c: code, p: NEW_PASSWORD });
  expect(codeOf(late)).toBe("BAD_USER_INPUT");
  expect((await auditOf("PASSWORD_RESET_CODE_FAILED")).length).toBeGreaterThanOrEqual(6);
  expect((await login(auth, "bo@example.com", PASSWORD)).userId).toBeTruthy();

  const unknown = await auth.gql(WITH_CODE, { e: "nobody@example.com", c: code, p: NEW_PASSWORD });
  expect(unknown.body.errors![0]!.message).toBe(late.body.errors![0]!.message);
});

it("wrong codes are rate-limited like passwords", async () => {
  await resetMail("ann@example.com");
  const codes: unknown[] = [];
  for (let i = 0; i < 6; i++) {
    codes.push(codeOf(await auth.gql(WITH_CODE, { e: "ann@example.com", c: "123456", p: NEW_PASSWORD })));
  }
  expect(codes).toContain("RATE_LIMITED");
});

it("the link still works, and spends the code", async () => {
  const { code, token } = await resetMail("bo@example.com");
  expect((await auth.gql(WITH_LINK, { t: token, p: NEW_PASSWORD })).body.data?.resetPassword).toBe(true);
  expect(codeOf(await auth.gql(WITH_CODE, { e: "bo@example.com", c: code, p: PASSWORD }))).toBe("BAD_USER_INPUT");
  await setPasswordBack("bo@example.com");
});
