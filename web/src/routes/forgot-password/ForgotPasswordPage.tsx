import { useMutation } from "@apollo/client/react";
import { Alert, Anchor, Button, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { FormError } from "../../forms/FormError";
import { email } from "../../forms/rules";
import { graphql } from "../../gql";

const REQUEST_RESET = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

export default function ForgotPasswordPage() {
  const [requestReset] = useMutation(REQUEST_RESET);
  const [sentTo, setSentTo] = useState<string>();
  const form = useCheckedForm({ initialValues: { email: "" }, validate: { email } });

  return (
    <FormCard
      title="Forgot your password?"
      level="screen"
      onSubmit={form.handleSubmit(async (v) => {
        await requestReset({ variables: { email: v.email.trim() } });
        setSentTo(v.email.trim());
      })}
    >
      {sentTo ? (
        <Alert color="teal" role="status">
          If {sentTo} belongs to an account, a link to choose a new password is on its way. It works once, for a short
          time.
        </Alert>
      ) : (
        <>
          <Text size="sm">Enter your email address and we will send you a link to choose a new password.</Text>
          <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps("email")} />
          <FormError message={form.formError} />
          <Button type="submit" loading={form.submitting}>
            Send the link
          </Button>
        </>
      )}
      <Anchor component={Link} to="/signin" size="sm">
        Back to sign in
      </Anchor>
    </FormCard>
  );
}
