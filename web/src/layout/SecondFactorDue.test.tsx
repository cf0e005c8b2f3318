/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { gql } from "@apollo/client";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { createMemoryRouter, RouterProvider } from "react-router";
import { createHomegraphClient } from "../apollo/client";
import { SessionProvider } from "../session/SessionContext";
import { SessionStore } from "../session/store";
import { graphqlDouble, sessionAs } from "../test/graphql-double";
import { renderScreen } from "../test/render";
import { theme } from "../theme";
import { RequireSession } from "./guards";
import { SecondFactorBanner } from "./SecondFactorDue";

const user = { id: "7", email: "max@example.com", displayName: "Max", role: "MEMBER" as const };
const later = () => new Date(Date.now() + 900_000).toISOString();
/** An access token as auth signs it for a session limited to enrolment (only the claims matter here). */
const tokenWith = (claims: Record<string, unknown>) =>
  `eyJhbGciOiJFUzI1NiJ9.${btoa(JSON.stringify({ sub: "7", ...claims })).replace(/=+$/, "")}.sig`;

function shell(store: SessionStore, at = "/") {
  const router = createMemoryRouter(
    [
      { path: "/signin", element: <div>sign in</div> },
      {
        path: "/*",
        element: (
          <RequireSession>
            <div data-testid="the-app">the app</div>
          </RequireSession>
        ),
      },
    ],
    { initialEntries: [at] },
  );
  render(
    <MantineProvider theme={theme}>
      <SessionProvider store={store}>
        <RouterProvider router={router} />
      </SessionProvider>
    </MantineProvider>,
  );
  return router;
}

describe("second factor enrolment", () => {
  afterEach(() => window.localStorage.clear());

  it("an enrolment-only token gets the full-page explanation, which leads to the Security screen's enrolment", async () => {
    const store = new SessionStore({ api: { logout: async () => undefined } });
    store.accept({ accessToken: tokenWith({ enrol: true }), expiresAt: later(), user });
    expect(store.getSnapshot().enrolmentOnly).toBe(true);
    const router = shell(store, "/history");
    expect(await screen.findByRole("heading", { name: "Your household asks for a second factor" })).toBeTruthy();
    expect(screen.queryByTestId("the-app")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Set up a second factor" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/security"));
    expect(router.state.location.hash).toBe("#authenticator");
    // The Security screen itself stays open to the person.
    expect(await screen.findByTestId("the-app")).toBeTruthy();
    // A full token (enrolment confirmed) opens the app again.
    act(() => store.accept({ accessToken: tokenWith({}), expiresAt: later(), user }));
    expect(store.getSnapshot().enrolmentOnly).toBeUndefined();
    act(() => store.clear());
  });

  it("any answer with SECOND_FACTOR_ENROLMENT_REQUIRED puts the session in enrolment-only mode", async () => {
    const store = new SessionStore({ api: { logout: async () => undefined } });
    store.accept({ accessToken: tokenWith({}), expiresAt: later(), user });
    const fetch = (async () =>
      new Response(
        JSON.stringify({
          errors: [
            {
              message: "Your household asks for a second factor: set one up to continue.",
              extensions: { code: "SECOND_FACTOR_ENROLMENT_REQUIRED" },
            },
          ],
        }),
        { status: 403, headers: { "content-type": "application/json" } },
      )) as typeof globalThis.fetch;
    const { client, socket } = createHomegraphClient({
      session: store,
      httpUrl: "http://gateway.test/graphql",
      wsUrl: "ws://gateway.test/graphql",
      fetch,
    });
    await expect(
      client.query({ query: gql("query Devices { devices { id } }"), fetchPolicy: "network-only" }),
    ).rejects.toThrow();
    expect(store.getSnapshot().enrolmentOnly).toBe(true);
    void socket.dispose();
    store.clear();
  });

  it("shows a dismissible banner with the deadline during the grace period", async () => {
    const enrolBy = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const server = graphqlDouble({
      SecondFactorDue: () => ({
        mySecondFactor: {
          __typename: "SecondFactorStatus",
          totpEnabled: false,
          required: true,
          enrolBy,
          enrolmentOnly: false,
        },
      }),
    });
    const session = sessionAs("MEMBER");
    const first = renderScreen(<SecondFactorBanner />, { link: server.link, session });
    const banner = await screen.findByTestId("second-factor-banner");
    expect(banner.textContent).toMatch(/Set up an authenticator app by/);
    expect(screen.getByRole("link", { name: "Set it up now" }).getAttribute("href")).toBe("/security#authenticator");
    fireEvent.click(screen.getByRole("button", { name: "Remind me later" }));
    await waitFor(() => expect(screen.queryByTestId("second-factor-banner")).toBeNull());
    first.unmount();

    // Dismissed: not back on the next screen the same day.
    renderScreen(<SecondFactorBanner />, { link: server.link, session });
    await waitFor(() => expect(server.callsOf("SecondFactorDue")).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId("second-factor-banner")).toBeNull();
    act(() => session.clear());
  });

  it("shows no banner to a person who has a second factor or is not asked for one", async () => {
    for (const status of [
      { totpEnabled: true, required: true, enrolBy: null },
      { totpEnabled: false, required: false, enrolBy: null },
    ]) {
      const server = graphqlDouble({
        SecondFactorDue: () => ({
          mySecondFactor: { __typename: "SecondFactorStatus", enrolmentOnly: false, ...status },
        }),
      });
      const session = sessionAs("MEMBER");
      const { unmount } = renderScreen(<SecondFactorBanner />, { link: server.link, session });
      await waitFor(() => expect(server.callsOf("SecondFactorDue")).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 20));
      expect(screen.queryByTestId("second-factor-banner")).toBeNull();
      unmount();
      act(() => session.clear());
    }
  });
});
