/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { GraphQLAnswerError, PartialAnswer, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { choose, inputLabelled, type } from "../../test/screen-helpers";
import { renderScreen } from "../../test/render";
import { notificationsHousehold } from "../../notifications/notifications.fixture";
import ProfilePage from "./ProfilePage";

function server(overrides: Record<string, (v: Record<string, any>) => unknown> = {}) {
  let prefs = { notificationsEnabled: true, digest: "WEEKLY" };
  const now = new Date().toISOString();
  return graphqlDouble({
    ...notificationsHousehold(0).handlers,
    Profile: () => ({
      me: { __typename: "User", id: "1", email: "ann@example.com", displayName: "Ann", role: "ADMIN", createdAt: now },
      myEmailPreferences: { __typename: "EmailPreference", userId: 1, ...prefs, updatedAt: now },
    }),
    UpdateProfile: (v) => ({ updateProfile: { __typename: "User", id: "1", displayName: v.input.displayName } }),
    ChangePassword: () => true,
    UpdateEmailPreferences: (v) => {
      prefs = { ...prefs, ...v.input };
      return { updateEmailPreferences: { __typename: "EmailPreference", userId: 1, ...prefs, updatedAt: now } };
    },
    ...overrides,
  });
}

// Answers come on later ticks of a machine that may be busy running every other suite too.
configure({ asyncUtilTimeout: 10_000 });

let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("ProfilePage", () => {
  it("still shows the profile when the email service cannot give the mail preferences", async () => {
    session = sessionAs("MEMBER");
    const now = new Date().toISOString();
    const me = {
      __typename: "User",
      id: "1",
      email: "ann@example.com",
      displayName: "Ann",
      role: "MEMBER",
      createdAt: now,
    };
    const unavailable = new GraphQLAnswerError("The email service is unavailable right now.", "UNAVAILABLE");
    const { link } = server({
      Profile: () => new PartialAnswer({ me, myEmailPreferences: null }, unavailable, ["myEmailPreferences"]),
    });
    renderScreen(<ProfilePage />, { link, session });
    expect(await screen.findByText(/ann@example.com · Member/)).toBeTruthy();
    expect(screen.getByTestId("email-preferences-unavailable").textContent).toMatch(/cannot be loaded right now/);
    expect(screen.queryByText("Your profile could not be loaded")).toBeNull();
  });

  it("checks a new password as the server does before sending it", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<ProfilePage />, { link, session });
    await screen.findByText(/ann@example.com/);
    type(/^Current password/, "old password");
    type(/^New password/, "short");
    type(/^Repeat the new password/, "different");
    fireEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText("The password must be at least 8 characters long.")).toBeTruthy();
    expect(screen.getByText("The passwords do not match.")).toBeTruthy();
    type(/^New password/, "é".repeat(37));
    type(/^Repeat the new password/, "é".repeat(37));
    fireEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText(/longer than 72 bytes/)).toBeTruthy();
    expect(callsOf("ChangePassword")).toHaveLength(0);
  });

  it("changes the password, and shows the server's refusal on the field it names", async () => {
    session = sessionAs("ADMIN");
    let attempts = 0;
    const { link, callsOf } = server({
      ChangePassword: () => {
        attempts += 1;
        if (attempts === 1)
          throw new GraphQLAnswerError("The current password is wrong.", "BAD_USER_INPUT", "currentPassword");
        return { changePassword: true };
      },
    });
    renderScreen(<ProfilePage />, { link, session });
    await screen.findByText(/ann@example.com/);
    type(/^Current password/, "not it at all");
    type(/^New password/, "a long new passphrase");
    type(/^Repeat the new password/, "a long new passphrase");
    fireEvent.click(screen.getByRole("button", { name: "Change password" }));
    const message = await screen.findByText("The current password is wrong.", {
      selector: ".mantine-InputWrapper-error",
    });
    expect(inputLabelled(/^Current password/).getAttribute("aria-describedby")).toContain(message.id);
    type(/^Current password/, "the right one");
    fireEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByTestId("password-changed")).toBeTruthy();
    expect(callsOf("ChangePassword").map((c) => c.variables)).toEqual([
      { currentPassword: "not it at all", newPassword: "a long new passphrase" },
      { currentPassword: "the right one", newPassword: "a long new passphrase" },
    ]);
    expect(inputLabelled(/^Current password/).value).toBe("");
  });

  it("refuses an empty display name, saves a trimmed one and renews the session's copy", async () => {
    let name = "Ann";
    session = sessionAs("ADMIN", "1", () => ({ displayName: name }));
    const { link, callsOf } = server({
      UpdateProfile: (v) => {
        name = v.input.displayName;
        return { updateProfile: { __typename: "User", id: "1", displayName: name } };
      },
    });
    renderScreen(<ProfilePage />, { link, session });
    await waitFor(() => expect(inputLabelled(/^Display name/).value).toBe("Ann"));
    type(/^Display name/, "   ");
    fireEvent.click(screen.getByRole("button", { name: "Save name" }));
    expect(await screen.findByText("The display name must not be empty.")).toBeTruthy();
    expect(callsOf("UpdateProfile")).toHaveLength(0);
    type(/^Display name/, "  Ann B. ");
    fireEvent.click(screen.getByRole("button", { name: "Save name" }));
    await waitFor(() => expect(callsOf("UpdateProfile")[0]?.variables).toEqual({ input: { displayName: "Ann B." } }));
    expect(await screen.findByText("Name saved.")).toBeTruthy();
    await waitFor(() => expect(session.getSnapshot().user?.displayName).toBe("Ann B."));
  });

  it("saves email choices", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<ProfilePage />, { link, session });
    const toggle = await screen.findByLabelText(/Notifications from automations/);
    fireEvent.click(toggle);
    await waitFor(() =>
      expect(callsOf("UpdateEmailPreferences")[0]?.variables).toEqual({ input: { notificationsEnabled: false } }),
    );
    await waitFor(() =>
      expect((screen.getByLabelText(/Notifications from automations/) as HTMLInputElement).checked).toBe(false),
    );
    await choose("Activity digest", "Daily");
    await waitFor(() =>
      expect(callsOf("UpdateEmailPreferences")[1]?.variables).toEqual({ input: { digest: "DAILY" } }),
    );
  });

  it("points to the Security screen for passkeys, the authenticator app and sessions", async () => {
    session = sessionAs("ADMIN");
    const { link } = server();
    const { router } = renderScreen(<ProfilePage />, { link, session, path: "/profile", otherPaths: ["/security"] });
    fireEvent.click(await screen.findByRole("link", { name: "Security: passkeys, authenticator app, sessions" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/security"));
  });
});
