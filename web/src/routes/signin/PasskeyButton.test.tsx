/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { SessionStore, type PasskeyCeremony } from "../../session/store";
import { renderScreen } from "../../test/render";
import { refusal, restDouble, sessionBody, type RestHandler } from "../../test/rest-double";
import SignInPage from "./SignInPage";

// The browser's ceremony itself (navigator.credentials) needs a real authenticator; here it is
// the person's part: choosing a passkey (an answer), or closing the prompt (NotAllowedError).
const OPTIONS = { challenge: "Y2hhbGxlbmdl", rpId: "localhost", allowCredentials: [], userVerification: "preferred" };
const ASSERTION = { id: "cred-1", rawId: "cred-1", type: "public-key", response: { signature: "sig" } };

let gateway: ReturnType<typeof restDouble> | undefined;
afterEach(() => {
  gateway?.restore();
  delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
});

function render(login: RestHandler, ceremony: PasskeyCeremony, webauthn = true) {
  if (webauthn) Object.assign(window, { PublicKeyCredential: function PublicKeyCredential() {} });
  gateway = restDouble({
    "/auth/passkey/options": () => ({ status: 200, body: { challengeId: "ch-1", options: OPTIONS } }),
    "/auth/passkey/login": login,
  });
  const session = new SessionStore();
  session.clear();
  return renderScreen(<SignInPage passkeyCeremony={ceremony} />, {
    path: "/signin",
    otherPaths: ["/"],
    at: "/signin",
    session,
  });
}

const cancelled: PasskeyCeremony = async () => {
  throw Object.assign(new Error("The operation either timed out or was not allowed."), { name: "NotAllowedError" });
};

describe("Sign in with a passkey", () => {
  it("signs in without an email: the server's options go to the ceremony, its answer back to the server", async () => {
    const seen: unknown[] = [];
    const { router, session } = render(
      () => sessionBody(),
      async (options) => {
        seen.push(options);
        return ASSERTION;
      },
    );
    fireEvent.click(await screen.findByRole("button", { name: "Sign in with a passkey" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(seen).toEqual([OPTIONS]);
    expect(gateway!.callsTo("/auth/passkey/login")).toEqual([{ challengeId: "ch-1", response: ASSERTION }]);
    expect(session.getSnapshot().user?.email).toBe("ann@example.com");
    act(() => session.clear());
  });

  it("is not offered by a browser without passkeys", async () => {
    render(() => sessionBody(), cancelled, false);
    await screen.findByRole("button", { name: "Sign in" });
    expect(screen.queryByRole("button", { name: "Sign in with a passkey" })).toBeNull();
  });

  it("says nothing alarming when the person closes the passkey prompt", async () => {
    render(() => sessionBody(), cancelled);
    fireEvent.click(await screen.findByRole("button", { name: "Sign in with a passkey" }));
    expect((await screen.findByTestId("passkey-cancelled")).textContent).toMatch(/No passkey was used/);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(gateway!.callsTo("/auth/passkey/login")).toHaveLength(0);
  });

  it.each([
    ["PASSKEY_NOT_RECOGNISED", /does not know this passkey/],
    ["PASSKEY_CHALLENGE_EXPIRED", /took too long/],
    ["PASSKEY_VERIFICATION_FAILED", /could not be verified/],
    ["PASSKEY_CLONED", /looks like a copy/],
  ])("explains %s in words", async (code, words) => {
    const { router } = render(
      () => refusal(401, code, "server words"),
      async () => ASSERTION,
    );
    fireEvent.click(await screen.findByRole("button", { name: "Sign in with a passkey" }));
    expect((await screen.findByTestId("passkey-problem")).textContent).toMatch(words);
    expect(router.state.location.pathname).toBe("/signin");
  });

  it("finishes with the passkey when the household asks a passkey holder for a second factor", async () => {
    if (!("PublicKeyCredential" in window))
      Object.assign(window, { PublicKeyCredential: function PublicKeyCredential() {} });
    gateway = restDouble({
      "/auth/login": () =>
        refusal(401, "SECOND_FACTOR_REQUIRED", "Sign in with your passkey.", {
          challenge: "c".repeat(43),
          challengeExpiresAt: new Date(Date.now() + 300_000).toISOString(),
          methods: ["PASSKEY"],
        }),
      "/auth/passkey/options": () => ({ status: 200, body: { challengeId: "ch-2", options: OPTIONS } }),
      "/auth/passkey/login": () => sessionBody(),
    });
    const session = new SessionStore();
    session.clear();
    const { router } = renderScreen(<SignInPage passkeyCeremony={async () => ASSERTION} />, {
      path: "/signin",
      otherPaths: ["/"],
      at: "/signin",
      session,
    });
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "ann@example.com" } });
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: "correct horse" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    // No code to type: the step offers the passkey only.
    await screen.findByRole("heading", { name: "Use your passkey" });
    expect(screen.queryByLabelText(/Authenticator code/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Sign in with a passkey" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(gateway.callsTo("/auth/passkey/login")).toEqual([{ challengeId: "ch-2", response: ASSERTION }]);
    act(() => session.clear());
  });
});
