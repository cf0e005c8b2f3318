/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { ApiError, type authApi } from "../../session/auth-api";
import { SessionStore } from "../../session/store";
import { renderScreen } from "../../test/render";
import SignInPage, { safeNext } from "./SignInPage";

function apiWith(login: typeof authApi.login) {
  const calls: { email: string; password: string }[] = [];
  const api = {
    login: async (email: string, password: string) => {
      calls.push({ email, password });
      return login(email, password);
    },
    refresh: async () => {
      throw new ApiError("UNAUTHENTICATED", "no session", 401);
    },
    logout: async () => undefined,
  };
  return { api, calls };
}

const user = { id: "1", email: "test@example.com", displayName: "Test", role: "ADMIN" as const };

function signedOutStore(api: Partial<typeof authApi>) {
  const store = new SessionStore({ api });
  store.clear();
  return store;
}

function type(label: RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe("SignInPage", () => {
  it("sends nothing while a field is empty, and says which", async () => {
    const { api, calls } = apiWith(async () => ({ accessToken: "t", expiresAt: new Date().toISOString(), user }));
    renderScreen(<SignInPage />, { path: "/signin", session: signedOutStore(api) });
    fireEvent.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Enter your email address.")).toBeTruthy();
    expect(screen.getByText("Enter your password.")).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it("signs in and goes where it was asked to, inside the app only", async () => {
    const { api, calls } = apiWith(async () => ({
      accessToken: "t",
      expiresAt: new Date(Date.now() + 900_000).toISOString(),
      user,
    }));
    const { router, session } = renderScreen(<SignInPage />, {
      path: "/signin",
      at: "/signin?next=%2Fprofile",
      otherPaths: ["/profile"],
      session: signedOutStore(api),
    });
    type(/Email/, " test@example.com ");
    type(/Password/, "password");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/profile"));
    expect(calls).toEqual([{ email: "test@example.com", password: "password" }]);
    expect(session.accessToken).toBe("t");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    act(() => session.clear());
  });

  it("shows the rate limit with the time to wait", async () => {
    const { api } = apiWith(async () => {
      throw new ApiError("RATE_LIMITED", "Too many attempts. Try again later.", 429, undefined, 120);
    });
    renderScreen(<SignInPage />, { path: "/signin", session: signedOutStore(api) });
    type(/Email/, "test@example.com");
    type(/Password/, "wrong");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByTestId("form-error")).textContent).toBe("Too many attempts. Try again in 2 minutes.");
  });

  it("puts a server error naming a field on that field", async () => {
    const { api } = apiWith(async () => {
      throw new ApiError("BAD_USER_INPUT", "Enter a valid email address.", 400, "email");
    });
    renderScreen(<SignInPage />, { path: "/signin", session: signedOutStore(api) });
    type(/Email/, "someone");
    type(/Password/, "password");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const message = await screen.findByText("Enter a valid email address.");
    const input = screen.getByLabelText(/Email/);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toContain(message.id);
  });

  it("tells a person signed out by the server why", async () => {
    const { api } = apiWith(async () => {
      throw new Error("unused");
    });
    const store = new SessionStore({ api });
    store.clear("Your session has ended. Please sign in again.");
    renderScreen(<SignInPage />, { path: "/signin", session: store });
    expect((await screen.findByTestId("session-message")).textContent).toMatch(/session has ended/);
  });
});
