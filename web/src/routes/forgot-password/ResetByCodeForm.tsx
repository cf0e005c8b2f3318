import { useMutation } from "@apollo/client/react";
import { Alert, Anchor, Button, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { FormError } from "../../forms/FormError";
import { NewPasswordFields } from "../../forms/NewPasswordFields";
import { email, matches, newPassword } from "../../forms/rules";
import { graphql } from "../../gql";

const RESET_WITH_CODE = graphql(`
  mutation ResetPasswordWithCode($email: String!, $code: String!, $newPassword: String!) {
    resetPasswordWithCode(email: $email, code: $code, newPassword: $newPassword)
  }
`);

const sixDigits = (value: string) =>
  /^\d{6}$/.test(value.replace(/\s/g, "")) ? undefined : "Enter the 6 digits from the email.";

/**
 * The reset mail's 6-digit code, for when its link is out of reach (another device) or a mail
 * scanner already opened and spent it: email, code and the new password on this page.
 */
export function ResetByCodeForm(props: { email: string; onBack: () => void }) {
  const [reset] = useMutation(RESET_WITH_CODE);
  const [done, setDone] = useState(false);
  const form = useCheckedForm({
    initialValues: { email: props.email, code: "", newPassword: "", confirm: "" },
    validate: { email, code: sixDigits, newPassword, confirm: matches("newPassword") },
  });

  if (done) {
    return (
      <FormCard title="Password changed" level="screen" onSubmit={(e) => e.preventDefault()}>
        <Alert color="teal" role="status" data-testid="reset-by-code-done">
          Your password is changed and every session is signed out. Sign in with the new password.
        </Alert>
        <Button component={Link} to="/signin">
          Sign in
        </Button>
      </FormCard>
    );
  }

  return (
    <FormCard
      title="Enter the code from the mail"
      level="screen"
      onSubmit={form.handleSubmit(async (v) => {
        await reset({
          variables: { email: v.email.trim(), code: v.code.replace(/\s/g, ""), newPassword: v.newPassword },
        });
        setDone(true);
      })}
    >
      <Text size="sm">The reset email has a 6-digit code under its link. It works once, for a short time.</Text>
      <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps("email")} />
      <TextInput
        label="Code from the email"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        required
        {...form.getInputProps("code")}
      />
      <NewPasswordFields form={form} password="newPassword" confirm="confirm" label="New password" />
      <FormError message={form.formError} />
      <Button type="submit" loading={form.submitting}>
        Change the password
      </Button>
      <Anchor component="button" type="button" size="sm" onClick={props.onBack}>
        Send another email
      </Anchor>
    </FormCard>
  );
}
