/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import SignOutEverywherePage from "./SignOutEverywherePage";

/** The auth service: the token "fresh" works once; any other is spent or expired. */
function authDouble() {
  const used = new Set<string>();
  return graphqlDouble({
    SignOutEverywhere: ({ token }) => {
      if (token !== "fresh" || used.has(token)) {
        throw new GraphQLAnswerError(
          "This sign-out link is not valid or has expired. Ask for a new one.",
          "BAD_USER_INPUT",
          "token",
        );
      }
      used.add(token);
      return { signOutEverywhere: true };
    },
  });
}

describe("SignOutEverywherePage", () => {
  it("spends nothing on opening; on the click ends every session, this one too, and points to a new password", async () => {
    const server = authDouble();
    const session = sessionAs("MEMBER");
    renderScreen(<SignOutEverywherePage />, {
      path: "/sign-out-everywhere",
      at: "/sign-out-everywhere?token=fresh",
      link: server.link,
      session,
    });
    const button = await screen.findByRole("button", { name: "End every session" });
    // Opened (as a mail scanner would): nothing sent.
    await new Promise((r) => setTimeout(r, 20));
    expect(server.calls).toHaveLength(0);

    fireEvent.click(button);
    expect((await screen.findByTestId("signed-out-everywhere")).textContent).toBe(
      "Every session has been ended. Change your password.",
    );
    expect(server.callsOf("SignOutEverywhere").map((c) => c.variables)).toEqual([{ token: "fresh" }]);
    expect(screen.getByRole("link", { name: "Choose a new password" }).getAttribute("href")).toBe("/forgot-password");
    await waitFor(() => expect(session.getSnapshot().status).toBe("signedOut"));
  });

  it("says so when the link was already used or has expired", async () => {
    const server = authDouble();
    renderScreen(<SignOutEverywherePage />, {
      path: "/sign-out-everywhere",
      at: "/sign-out-everywhere?token=spent",
      link: server.link,
    });
    fireEvent.click(await screen.findByRole("button", { name: "End every session" }));
    expect((await screen.findByTestId("link-spent")).textContent).toMatch(/already used or has expired/);
    expect(screen.queryByTestId("signed-out-everywhere")).toBeNull();
  });

  it("says what to do when the link has no token", async () => {
    renderScreen(<SignOutEverywherePage />, { path: "/sign-out-everywhere" });
    expect((await screen.findByRole("alert")).textContent).toMatch(/incomplete/);
    expect(screen.queryByRole("button", { name: "End every session" })).toBeNull();
  });
});
