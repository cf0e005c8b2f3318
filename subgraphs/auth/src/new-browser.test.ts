import { login, type AuthUnderTest } from "./__tests__/helpers";
import { PASSWORD, useAnnAndBo } from "./__tests__/household";

let auth: AuthUnderTest;
useAnnAndBo((household) => ({ auth } = household));

const alerts = () =>
  auth.sql(
    `select variables from auth.outbox_emails
      where to_address = 'bo@example.com' and variables->>'change' = 'NEW_BROWSER_SIGN_IN' order by id`,
  );
const browser = (id: string) => ({ "x-homegraph-browser": id, "user-agent": "Firefox" });

it("a sign-in from a browser not seen before is mailed with a sign-out link; the same browser again is not", async () => {
  await login(auth, "bo@example.com", PASSWORD, browser("first-browser-0123456789"));
  expect(await alerts()).toHaveLength(0); // the first browser is the one the account was set up with
  await login(auth, "bo@example.com", PASSWORD, browser("first-browser-0123456789"));
  expect(await alerts()).toHaveLength(0);

  await login(auth, "bo@example.com", PASSWORD, browser("other-browser-0123456789"));
  const mails = await alerts();
  expect(mails).toHaveLength(1);
  expect(mails[0]!.variables).toMatchObject({
    event: expect.stringMatching(/browser not seen before/),
    device: expect.stringContaining("Firefox"),
  });
  const [row] = await auth.sql(
    `select secret_variables_enc from auth.outbox_emails where variables->>'change' = 'NEW_BROWSER_SIGN_IN'`,
  );
  expect(row!.secret_variables_enc).toBeTruthy();
  // Only hashes are kept of the browser ids.
  const known = await auth.sql(`select browser_hash from auth.known_browsers`);
  expect(JSON.stringify(known)).not.toContain("browser-0123456789");

  await login(auth, "bo@example.com", PASSWORD, browser("other-browser-0123456789"));
  expect(await alerts()).toHaveLength(1);
});
