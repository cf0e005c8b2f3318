/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { type } from "../../test/screen-helpers";
import { renderScreen } from "../../test/render";
import ConfirmEmailPage from "../confirm-email/ConfirmEmailPage";
import { ChangeEmailForm } from "./ChangeEmailForm";

configure({ asyncUtilTimeout: 10_000 });
let session: ReturnType<typeof sessionAs> | undefined;
afterEach(() => act(() => session?.clear()));

function server() {
  const now = new Date().toISOString();
  let email = "ann@example.com";
  let pending: string | undefined;
  return graphqlDouble({
    RequestEmailChange: (v) => {
      if (v.newEmail === "bo@example.com") {
        throw new GraphQLAnswerError("Another account already uses this e-mail address.", "CONFLICT", "newEmail");
      }
      pending = v.newEmail as string;
      return { requestEmailChange: true };
    },
    ConfirmEmailChangeWithCode: (v) => {
      if (v.code !== "123456" || !pending) throw new GraphQLAnswerError("The code is wrong.", "BAD_USER_INPUT", "code");
      email = pending;
      return { confirmEmailChangeWithCode: true };
    },
    Profile: () => ({
      me: { __typename: "User", id: "1", email, displayName: "Ann", role: "ADMIN", createdAt: now },
      myEmailPreferences: {
        __typename: "EmailPreference",
        userId: 1,
        notificationsEnabled: true,
        digest: "OFF",
        updatedAt: now,
      },
    }),
    ConfirmEmailChange: (v) => {
      if (v.token !== "good") {
        throw new GraphQLAnswerError("This confirmation link is not valid or has expired.", "BAD_USER_INPUT", "token");
      }
      return { confirmEmailChange: true };
    },
  });
}

describe("Change e-mail form", () => {
  it("shows an address in use on the field, then asks for the code sent to the new address", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<ChangeEmailForm />, { link, session });
    type(/^New e-mail address/, "not an address");
    fireEvent.click(screen.getByRole("button", { name: "Change e-mail" }));
    expect(await screen.findByText("Enter a valid email address.")).toBeTruthy();
    expect(callsOf("RequestEmailChange")).toHaveLength(0);

    type(/^New e-mail address/, "bo@example.com");
    fireEvent.click(screen.getByRole("button", { name: "Change e-mail" }));
    expect(await screen.findByText("Another account already uses this e-mail address.")).toBeTruthy();

    type(/^New e-mail address/, "ann.new@example.com");
    fireEvent.click(screen.getByRole("button", { name: "Change e-mail" }));
    const sent = await screen.findByTestId("email-change-sent");
    expect(sent.textContent).toContain("ann.new@example.com");
    type(/^Code from the e-mail/, "654321");
    fireEvent.click(screen.getByRole("button", { name: "Confirm the new address" }));
    expect(await screen.findByText("The code is wrong.")).toBeTruthy();
    type(/^Code from the e-mail/, "123456");
    fireEvent.click(screen.getByRole("button", { name: "Confirm the new address" }));
    await waitFor(() => expect(callsOf("ConfirmEmailChangeWithCode").at(-1)!.variables).toEqual({ code: "123456" }));
    // Back to the first step once the address has switched.
    expect(await screen.findByRole("button", { name: "Change e-mail" })).toBeTruthy();
  });
});

describe("/confirm-email", () => {
  it("spends the link only when Confirm is pressed, and says when it is no longer valid", async () => {
    session = undefined;
    const { link, callsOf } = server();
    renderScreen(<ConfirmEmailPage />, { link, path: "/confirm-email", at: "/confirm-email?token=good" });
    const button = await screen.findByRole("button", { name: "Confirm" });
    // Opening the page (as a mail scanner would) sends nothing.
    await new Promise((r) => setTimeout(r, 50));
    expect(callsOf("ConfirmEmailChange")).toHaveLength(0);
    fireEvent.click(button);
    expect(await screen.findByText(/Your e-mail address is changed/)).toBeTruthy();
    expect(callsOf("ConfirmEmailChange")).toEqual([expect.objectContaining({ variables: { token: "good" } })]);
  });

  it("shows the server's refusal of a spent link", async () => {
    session = undefined;
    const { link } = server();
    renderScreen(<ConfirmEmailPage />, { link, path: "/confirm-email", at: "/confirm-email?token=spent" });
    fireEvent.click(await screen.findByRole("button", { name: "Confirm" }));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText(/not valid or has expired/)).toBeTruthy();
  });
});
