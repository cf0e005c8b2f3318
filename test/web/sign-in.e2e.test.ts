import type { Page } from "playwright-core";
import { TOTP } from "otpauth";
import { screenshotBoth, VIEWPORTS } from "../support/browser";
import { startWebStack, type WebStack } from "../support/web-stack";

// Signing in with a second factor in Debian's Chromium against the whole stack as `npm start`
// starts it: the demo admin enrols an authenticator app through GraphQL (as the Security screen
// would), then signs in on the sign-in page with the password and the app's code; a recovery code
// signs in once and is refused the second time. Screenshots: artifacts/screenshots/signin-code-*.

const ADMIN = { email: "test@example.com", password: "password" };

let stack: WebStack;
let page: Page;
let base: string;
let totp: TOTP;
let recoveryCodes: string[];

beforeAll(async () => {
  stack = await startWebStack();
  base = stack.base;
  page = await (await stack.browser.newContext({ viewport: VIEWPORTS.desktop })).newPage();

  // A fresh sign-in counts as a recent factor, which beginTotpEnrollment asks for.
  const token = await stack.signIn(ADMIN.email, ADMIN.password);
  const begun = await stack.gql<{ beginTotpEnrollment: { secret: string } }>(
    token,
    `mutation { beginTotpEnrollment { secret } }`,
  );
  totp = new TOTP({ secret: begun.beginTotpEnrollment.secret });
  // The previous time step's code (inside the server's window): the sign-in's code, of the
  // current step, is then one the server has not seen yet.
  const confirmed = await stack.gql<{ confirmTotpEnrollment: { enabled: boolean; recoveryCodes: string[] } }>(
    token,
    `mutation ($code: String!) { confirmTotpEnrollment(code: $code) { enabled recoveryCodes } }`,
    { code: totp.generate({ timestamp: Date.now() - 30_000 }) },
  );
  expect(confirmed.confirmTotpEnrollment.enabled).toBe(true);
  recoveryCodes = confirmed.confirmTotpEnrollment.recoveryCodes;
}, 300_000);

afterAll(() => stack?.stop(), 60_000);

async function passwordStep() {
  await page.goto(`${base}/signin`);
  await page.getByRole("textbox", { name: /^Email/ }).fill(ADMIN.email);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Enter your code" }).waitFor();
}

async function signOut() {
  await page.getByTestId("sign-out").click();
  await page.waitForURL(`${base}/signin`);
}

describe("sign-in with a second factor in Chromium", () => {
  it("asks for the authenticator code after the password; a wrong one stays on the step, the right one signs in", async () => {
    await page.goto(`${base}/signin`);
    // Chromium has WebAuthn: the passkey button is offered (its ceremony is the passkey work's to test).
    await page.getByRole("button", { name: "Sign in with a passkey" }).waitFor();
    await passwordStep();
    const code = page.getByRole("textbox", { name: /^Authenticator code/ });
    expect(await code.getAttribute("inputmode")).toBe("numeric");
    expect(await code.getAttribute("autocomplete")).toBe("one-time-code");
    await screenshotBoth(page, "signin-code");

    const wrong = String((Number(totp.generate()) + 500_000) % 1_000_000).padStart(6, "0");
    await code.fill(wrong);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByText("That code is not right. Enter the current code from your app.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/signin");

    await code.fill(totp.generate());
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole("heading", { name: "Dashboard" }).first().waitFor();
    await signOut();
  }, 120_000);

  it("signs in once with a recovery code, and refuses the same code the second time", async () => {
    await passwordStep();
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByRole("textbox", { name: /^Recovery code/ }).fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${base}/`);
    await signOut();

    await passwordStep();
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByRole("textbox", { name: /^Recovery code/ }).fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByText("This recovery code is wrong or was already used.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/signin");
    await page.getByRole("heading", { name: "Enter your code" }).waitFor();
  }, 120_000);
});
