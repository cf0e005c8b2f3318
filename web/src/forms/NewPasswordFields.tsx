import { PasswordInput } from "@mantine/core";
import type { CheckedForm } from "./checked-form";

/** A new password and its repetition (rules: forms/rules.ts `newPassword` and `matches`). */
export function NewPasswordFields<V extends Record<string, string>>(props: {
  form: CheckedForm<V>;
  password: keyof V & string;
  confirm: keyof V & string;
  label: string;
}) {
  return (
    <>
      <PasswordInput
        label={props.label}
        description="8 to 128 characters"
        autoComplete="new-password"
        required
        {...props.form.getInputProps(props.password)}
      />
      <PasswordInput
        label={`Repeat the ${props.label.toLowerCase()}`}
        autoComplete="new-password"
        required
        {...props.form.getInputProps(props.confirm)}
      />
    </>
  );
}
