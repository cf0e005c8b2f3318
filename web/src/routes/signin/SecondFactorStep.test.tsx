/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { SessionStore } from "../../session/store";
import { renderScreen } from "../../test/render";
import { refusal, restDouble, sessionBody, type RestHandler } from "../../test/rest-double";
import SignInPage from "./SignInPage";

const CHALLENGE = "c".repeat(43);
const secondFactorRequired: RestHandler = () =>
  refusal(401, "SECOND_FACTOR_REQUIRED", "Enter the code from your authenticator app.", {
    challenge: CHALLENGE,
    challengeExpiresAt: new Date(Date.now() + 300_000).toISOString(),
    methods: ["TOTP", "RECOVERY_CODE"],
  });

let gateway: ReturnType<typeof restDouble> | undefined;
afterEach(() => gateway?.restore());

function signedOut() {
  const store = new SessionStore();
  store.clear();
  return store;
}

function type(label: RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function passwordStep(handlers: Record<string, RestHandler>) {
  gateway = restDouble({ "/auth/login": secondFactorRequired, ...handlers });
  const rendered = renderScreen(<SignInPage />, {
    path: "/signin",
    at: "/signin?next=%2Fhistory",
    otherPaths: ["/history"],
    session: signedOut(),
  });
  type(/Email/, "ann@example.com");
  type(/Password/, "correct horse");
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
  await screen.findByRole("heading", { name: "Enter your code" });
  return rendered;
}

describe("Sign-in's second factor step", () => {
  it("asks for the app's code after the password, refuses a wrong one on the step, and signs in with the right one", async () => {
    let attempts = 0;
    const { router, session } = await passwordStep({
      "/auth/login/second-factor": (body) => {
        attempts += 1;
        if (body.code !== "123456") {
          return refusal(400, "BAD_USER_INPUT", "That code is not right. Enter the current code from your app.", {
            field: "code",
          });
        }
        return sessionBody();
      },
    });
    const code = screen.getByLabelText(/Authenticator code/);
    expect(code.getAttribute("inputmode")).toBe("numeric");
    expect(code.getAttribute("autocomplete")).toBe("one-time-code");

    // Not six digits: nothing is sent.
    type(/Authenticator code/, "12345");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Enter the 6 digits from your app.")).toBeTruthy();
    expect(attempts).toBe(0);

    type(/Authenticator code/, "654 321");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("That code is not right. Enter the current code from your app.")).toBeTruthy();
    expect(screen.getByLabelText(/Authenticator code/).getAttribute("aria-invalid")).toBe("true");
    expect(router.state.location.pathname).toBe("/signin");

    type(/Authenticator code/, "123456");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/history"));
    expect(gateway!.callsTo("/auth/login")).toEqual([{ email: "ann@example.com", password: "correct horse" }]);
    expect(gateway!.callsTo("/auth/login/second-factor")).toEqual([
      { challenge: CHALLENGE, code: "654321" },
      { challenge: CHALLENGE, code: "123456" },
    ]);
    expect(session.accessToken).toBe("token");
    act(() => session.clear());
  });

  it("takes a recovery code instead of the app's", async () => {
    const { router, session } = await passwordStep({
      "/auth/login/second-factor": (body) =>
        body.recoveryCode === "abcde-fghij"
          ? sessionBody()
          : refusal(400, "BAD_USER_INPUT", "This recovery code is wrong or was already used.", {
              field: "recoveryCode",
            }),
    });
    fireEvent.click(screen.getByRole("button", { name: "Use a recovery code instead" }));
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Enter one of your recovery codes.")).toBeTruthy();

    type(/Recovery code/, "used-before");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("This recovery code is wrong or was already used.")).toBeTruthy();

    type(/Recovery code/, " abcde-fghij ");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/history"));
    expect(gateway!.callsTo("/auth/login/second-factor").at(-1)).toEqual({
      challenge: CHALLENGE,
      recoveryCode: "abcde-fghij",
    });
    act(() => session.clear());
  });

  it("goes back to the password when the challenge has expired, and says why", async () => {
    await passwordStep({
      "/auth/login/second-factor": () =>
        refusal(401, "UNAUTHENTICATED", "This sign-in has expired. Enter your email and password again."),
    });
    type(/Authenticator code/, "123456");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByTestId("sign-in-notice")).textContent).toBe(
      "This sign-in has expired. Enter your email and password again.",
    );
    expect((screen.getByLabelText(/Email/) as HTMLInputElement).value).toBe("ann@example.com");
    expect((screen.getByLabelText(/Password/) as HTMLInputElement).value).toBe("");
  });

  it("shows a rate limit on the step with the time to wait", async () => {
    await passwordStep({
      "/auth/login/second-factor": () =>
        refusal(429, "RATE_LIMITED", "Too many attempts. Try again later.", { retryAfterSeconds: 90 }),
    });
    type(/Authenticator code/, "123456");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByTestId("form-error")).textContent).toBe("Too many attempts. Try again in 2 minutes.");
    expect(screen.getByRole("heading", { name: "Enter your code" })).toBeTruthy();
  });
});
