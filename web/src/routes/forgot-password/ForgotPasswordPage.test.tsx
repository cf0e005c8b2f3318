/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { fireEvent, screen } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import ForgotPasswordPage from "./ForgotPasswordPage";

const PASSWORD = "a long new passphrase";

function fill(label: RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** The auth service's answers: any request is "sent"; code 246810 is the mail's, one use. */
function authDouble() {
  let spent = false;
  return graphqlDouble({
    RequestPasswordReset: () => ({ requestPasswordReset: true }),
    ResetPasswordWithCode: (v) => {
      if (v.code !== "246810" || spent) {
        throw new GraphQLAnswerError(
          "The code is wrong or has expired. Ask for a new reset email.",
          "BAD_USER_INPUT",
          "code",
        );
      }
      spent = true;
      return { resetPasswordWithCode: true };
    },
  });
}

async function askAndOpenCodeForm(server: ReturnType<typeof authDouble>) {
  renderScreen(<ForgotPasswordPage />, { path: "/forgot-password", link: server.link });
  fill(/^Email/, " ann@example.com ");
  fireEvent.click(await screen.findByRole("button", { name: "Send the link" }));
  fireEvent.click(await screen.findByRole("button", { name: "Enter the code from the mail" }));
  await screen.findByRole("heading", { name: "Enter the code from the mail" });
}

describe("ForgotPasswordPage: reset by the mail's code", () => {
  it("after sending, takes the email, the code and a new password, and says the password is changed", async () => {
    const server = authDouble();
    await askAndOpenCodeForm(server);
    expect((screen.getByLabelText(/^Email/) as HTMLInputElement).value).toBe("ann@example.com");
    const code = screen.getByLabelText(/^Code from the email/);
    expect(code.getAttribute("inputmode")).toBe("numeric");

    // Not six digits, or passwords that differ: nothing is sent.
    fill(/^Code from the email/, "2468");
    fill(/^New password/, PASSWORD);
    fill(/^Repeat the new password/, `${PASSWORD}!`);
    fireEvent.click(screen.getByRole("button", { name: "Change the password" }));
    expect(await screen.findByText("Enter the 6 digits from the email.")).toBeTruthy();
    expect(screen.getByText("The passwords do not match.")).toBeTruthy();
    expect(server.callsOf("ResetPasswordWithCode")).toHaveLength(0);

    fill(/^Code from the email/, "246 810");
    fill(/^Repeat the new password/, PASSWORD);
    fireEvent.click(screen.getByRole("button", { name: "Change the password" }));
    expect((await screen.findByTestId("reset-by-code-done")).textContent).toMatch(/password is changed/);
    expect(server.callsOf("RequestPasswordReset").map((c) => c.variables)).toEqual([{ email: "ann@example.com" }]);
    expect(server.callsOf("ResetPasswordWithCode").map((c) => c.variables)).toEqual([
      { email: "ann@example.com", code: "246810", newPassword: PASSWORD },
    ]);
    expect(screen.getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/signin");
  });

  it("shows a wrong code on the code field and keeps the form", async () => {
    const server = authDouble();
    await askAndOpenCodeForm(server);
    fill(/^Code from the email/, "135790");
    fill(/^New password/, PASSWORD);
    fill(/^Repeat the new password/, PASSWORD);
    fireEvent.click(screen.getByRole("button", { name: "Change the password" }));
    const message = await screen.findByText("The code is wrong or has expired. Ask for a new reset email.");
    const input = screen.getByLabelText(/^Code from the email/);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toContain(message.id);
    expect(screen.queryByTestId("reset-by-code-done")).toBeNull();
  });
});
