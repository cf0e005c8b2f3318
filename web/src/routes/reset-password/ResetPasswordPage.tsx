import { useMutation } from "@apollo/client/react";
import { Alert, Anchor, Button } from "@mantine/core";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { FormError } from "../../forms/FormError";
import { NewPasswordFields } from "../../forms/NewPasswordFields";
import { matches, newPassword } from "../../forms/rules";
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
  const form = useCheckedForm({
    initialValues: { newPassword: "", confirm: "" },
    validate: { newPassword, confirm: matches("newPassword") },
  });

  return (
    <FormCard
      title="Choose a new password"
      level="screen"
      onSubmit={form.handleSubmit(async (v) => {
        await resetPassword({ variables: { token, newPassword: v.newPassword } });
        setDone(true);
      })}
    >
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
          <NewPasswordFields form={form} password="newPassword" confirm="confirm" label="New password" />
          <FormError message={form.formError} />
          <Button type="submit" loading={form.submitting}>
            Change the password
          </Button>
        </>
      )}
      <Anchor component={Link} to={done ? "/signin" : "/forgot-password"} size="sm">
        {done ? "Sign in" : "Ask for a new link"}
      </Anchor>
    </FormCard>
  );
}
