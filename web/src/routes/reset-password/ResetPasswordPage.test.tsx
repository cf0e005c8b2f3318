/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { ApolloLink } from "@apollo/client";
import { fireEvent, screen } from "@testing-library/react";
import { GraphQLError } from "graphql";
import { Observable } from "rxjs";
import { renderScreen } from "../../test/render";
import ResetPasswordPage from "./ResetPasswordPage";

/** Answers ResetPassword like the auth service does for a used link: BAD_USER_INPUT on `token`. */
function authDouble(sent: Record<string, unknown>[]) {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        sent.push(operation.variables);
        observer.next({
          data: null,
          errors: [
            new GraphQLError("This reset link is not valid or has expired. Ask for a new one.", {
              extensions: { code: "BAD_USER_INPUT", field: "token" },
            }),
          ],
        });
        observer.complete();
      }),
  );
}

function fill(password: string, again: string) {
  fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: password } });
  fireEvent.change(screen.getByLabelText(/^Repeat the new password/), { target: { value: again } });
  fireEvent.click(screen.getByRole("button", { name: "Change the password" }));
}

describe("ResetPasswordPage", () => {
  it("checks the password as the server would and sends nothing until it passes", async () => {
    const sent: Record<string, unknown>[] = [];
    renderScreen(<ResetPasswordPage />, {
      path: "/reset-password",
      at: "/reset-password?token=t1",
      link: authDouble(sent),
    });
    await screen.findByRole("button", { name: "Change the password" });
    fill("short", "short");
    expect(await screen.findByText("The password must be at least 8 characters long.")).toBeTruthy();
    fill("long enough passphrase", "long enough passphrose");
    expect(await screen.findByText("The passwords do not match.")).toBeTruthy();
    expect(sent).toHaveLength(0);
  });

  it("shows the server's answer when the link no longer works", async () => {
    const sent: Record<string, unknown>[] = [];
    renderScreen(<ResetPasswordPage />, {
      path: "/reset-password",
      at: "/reset-password?token=used",
      link: authDouble(sent),
    });
    await screen.findByRole("button", { name: "Change the password" });
    fill("long enough passphrase", "long enough passphrase");
    expect((await screen.findByTestId("form-error")).textContent).toMatch(/not valid or has expired/);
    expect(sent).toEqual([{ token: "used", newPassword: "long enough passphrase" }]);
  });

  it("says what to do when the link has no token", async () => {
    renderScreen(<ResetPasswordPage />, { path: "/reset-password" });
    expect((await screen.findByRole("alert")).textContent).toMatch(/no reset token/);
  });
});
