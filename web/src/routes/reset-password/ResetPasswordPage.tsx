import { useMutation } from "@apollo/client/react";
import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { FormError } from "../../forms/FormError";
import { matches, newPassword } from "../../forms/rules";
import { useForm } from "../../forms/useForm";
import { graphql } from "../../gql";

const RESET_PASSWORD = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword)
  }
`);

export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [resetPassword] = useMutation(RESET_PASSWORD);
  const [done, setDone] = useState(false);
  const form = useForm({ newPassword: "", confirm: "" }, { newPassword, confirm: matches("newPassword") });

  return (
    <Paper
      withBorder
      p="lg"
      component="form"
      noValidate
      aria-labelledby="reset-title"
      onSubmit={form.onSubmit(async (v) => {
        await resetPassword({ variables: { token, newPassword: v.newPassword } });
        setDone(true);
      })}
    >
      <Stack>
        <Title order={2} size="h3" id="reset-title">
          Choose a new password
        </Title>
        {!token ? (
          <Alert color="red" role="alert">
            This link has no reset token. Open the link from the email again, or ask for a new one.
          </Alert>
        ) : done ? (
          <Alert color="teal" role="status">
            Your password is changed and every other session is signed out. Sign in with the new password.
          </Alert>
        ) : (
          <>
            <PasswordInput
              label="New password"
              description="8 to 128 characters"
              autoComplete="new-password"
              required
              {...form.field("newPassword")}
            />
            <PasswordInput
              label="Repeat the new password"
              autoComplete="new-password"
              required
              {...form.field("confirm")}
            />
            <FormError message={form.formError} />
            <Button type="submit" loading={form.submitting}>
              Change the password
            </Button>
          </>
        )}
        <Anchor component={Link} to={done ? "/signin" : "/forgot-password"} size="sm">
          {done ? "Sign in" : "Ask for a new link"}
        </Anchor>
      </Stack>
    </Paper>
  );
}
