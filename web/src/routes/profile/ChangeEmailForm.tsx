import { useMutation } from "@apollo/client/react";
import { Alert, Button, Group, TextInput } from "@mantine/core";
import { useState } from "react";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { useMutationFeedback } from "../../forms/feedback";
import { email } from "../../forms/rules";
import { graphql } from "../../gql";
import { ProfileQuery } from "./operations";

export const RequestEmailChangeMutation = graphql(`
  mutation RequestEmailChange($newEmail: String!) {
    requestEmailChange(newEmail: $newEmail)
  }
`);

export const ConfirmEmailChangeWithCodeMutation = graphql(`
  mutation ConfirmEmailChangeWithCode($code: String!) {
    confirmEmailChangeWithCode(code: $code)
  }
`);

/**
 * Changing the e-mail address: the new address gets a link and a 6-digit code (typed here, or the
 * link opened), the current one a heads-up. Asking needs a fresh "Confirm it's you" (the app's
 * step-up prompt appears by itself when the server wants it).
 */
export function ChangeEmailForm() {
  const [request] = useMutation(RequestEmailChangeMutation);
  const [confirm] = useMutation(ConfirmEmailChangeWithCodeMutation, {
    refetchQueries: [ProfileQuery],
    awaitRefetchQueries: true,
  });
  const { run } = useMutationFeedback();
  const [sentTo, setSentTo] = useState<string>();
  const form = useCheckedForm({ initialValues: { newEmail: "" }, validate: { newEmail: email } });
  const codeForm = useCheckedForm({
    initialValues: { code: "" },
    validate: { code: (v: string) => (/^\d{6}$/.test(v.trim()) ? undefined : "Enter the 6 digits from the e-mail.") },
  });

  if (sentTo) {
    return (
      <FormCard
        title="E-mail address"
        titleId="email-change-title"
        submitLabel="Confirm the new address"
        form={codeForm}
        onSubmit={codeForm.handleSubmit(async (v) => {
          await run(
            () => confirm({ variables: { code: v.code.trim() } }),
            { loading: "Confirming…", success: `Your e-mail address is now ${sentTo}.` },
            { rethrow: true },
          );
          setSentTo(undefined);
          form.reset();
          codeForm.reset();
        })}
      >
        <Alert color="blue" role="status" data-testid="email-change-sent">
          We sent a link and a code to {sentTo}. Open the link, or enter the code here. Your address stays as it is
          until then.
        </Alert>
        <TextInput
          label="Code from the e-mail"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          {...codeForm.getInputProps("code")}
        />
        <Group>
          <Button variant="subtle" size="xs" onClick={() => setSentTo(undefined)}>
            Use another address
          </Button>
        </Group>
      </FormCard>
    );
  }
  return (
    <FormCard
      title="E-mail address"
      titleId="email-change-title"
      submitLabel="Change e-mail"
      form={form}
      onSubmit={form.handleSubmit(async (v) => {
        const newEmail = v.newEmail.trim();
        await run(
          () => request({ variables: { newEmail } }),
          { loading: "Sending the confirmation…", success: `Check ${newEmail} for the confirmation.` },
          { rethrow: true },
        );
        setSentTo(newEmail);
      })}
    >
      <TextInput
        label="New e-mail address"
        description="We send a confirmation there, and a heads-up to your current address."
        type="email"
        autoComplete="email"
        required
        {...form.getInputProps("newEmail")}
      />
    </FormCard>
  );
}
