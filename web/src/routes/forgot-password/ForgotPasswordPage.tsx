import { useMutation } from "@apollo/client/react";
import { Alert, Anchor, Button, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { FormError } from "../../forms/FormError";
import { email } from "../../forms/rules";
import { graphql } from "../../gql";
import { ResetByCodeForm } from "./ResetByCodeForm";

const REQUEST_RESET = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

export default function ForgotPasswordPage() {
  const [requestReset] = useMutation(REQUEST_RESET);
  const [sentTo, setSentTo] = useState<string>();
  const [enteringCode, setEnteringCode] = useState(false);
  const form = useCheckedForm({ initialValues: { email: "" }, validate: { email } });

  if (sentTo && enteringCode) {
    return (
      <ResetByCodeForm
        email={sentTo}
        onBack={() => {
          setEnteringCode(false);
          setSentTo(undefined);
        }}
      />
    );
  }

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
        <>
          <Alert color="teal" role="status">
            If {sentTo} belongs to an account, an email with a link to choose a new password is on its way. It also has
            a 6-digit code, for when the link does not open here. Both work once, for a short time.
          </Alert>
          <Button variant="light" onClick={() => setEnteringCode(true)}>
            Enter the code from the mail
          </Button>
        </>
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
