/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { Button, MantineProvider, TextInput } from "@mantine/core";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { ApiError } from "../session/auth-api";
import { useCheckedForm } from "./checked-form";
import { FormError } from "./FormError";
import { matches, newPassword, required } from "./rules";

function PasswordForm({ submit }: { submit: (values: { current: string; next: string; again: string }) => unknown }) {
  const form = useCheckedForm({
    initialValues: { current: "", next: "", again: "" },
    validate: { current: required("Enter your current password."), next: newPassword, again: matches("next") },
  });
  return (
    <form noValidate onSubmit={form.handleSubmit(async (values) => submit(values))}>
      <TextInput label="Current" {...form.getInputProps("current")} />
      <TextInput label="Next" {...form.getInputProps("next")} />
      <TextInput label="Again" {...form.getInputProps("again")} />
      <FormError message={form.formError} />
      <Button type="submit">Save</Button>
    </form>
  );
}

function renderForm(submit: (values: { current: string; next: string; again: string }) => unknown = () => undefined) {
  const sent: unknown[] = [];
  render(
    <MantineProvider>
      <PasswordForm
        submit={(values) => {
          sent.push(values);
          return submit(values);
        }}
      />
    </MantineProvider>,
  );
  const fill = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
  return { sent, fill, save: () => fireEvent.click(screen.getByRole("button", { name: "Save" })) };
}

describe("useCheckedForm", () => {
  it("sends nothing while a rule fails, focuses the first wrong field, and drops an error once it is right", async () => {
    const { sent, fill, save } = renderForm();
    fill("Next", "short");
    save();
    expect(await screen.findByText("Enter your current password.")).toBeTruthy();
    expect(screen.getByText("The password must be at least 8 characters long.")).toBeTruthy();
    expect(document.activeElement?.getAttribute("name")).toBe("current");
    expect(sent).toHaveLength(0);

    fill("Next", "long enough");
    expect(screen.queryByText("The password must be at least 8 characters long.")).toBeNull();
    expect(screen.getByText("Enter your current password.")).toBeTruthy();
    fill("Current", "x");
    await waitFor(() => expect(screen.queryByText("Enter your current password.")).toBeNull());
  });

  it("puts a server error on the field it names, else above the button, with the time to wait", async () => {
    let answer: Error = new ApiError("BAD_USER_INPUT", "The current password is wrong.", 400, "current");
    const { sent, fill, save } = renderForm(() => {
      throw answer;
    });
    fill("Current", "old one");
    fill("Next", "a long passphrase");
    fill("Again", "a long passphrase");
    save();
    const message = await screen.findByText("The current password is wrong.");
    expect(screen.getByLabelText("Current").getAttribute("aria-describedby")).toContain(message.id);
    expect(document.activeElement?.getAttribute("name")).toBe("current");
    expect(sent).toHaveLength(1);

    answer = new ApiError("RATE_LIMITED", "Too many attempts. Try again later.", 429, undefined, 90);
    save();
    expect((await screen.findByTestId("form-error")).textContent).toBe("Too many attempts. Try again in 2 minutes.");
  });
});
