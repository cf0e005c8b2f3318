import { useMutation } from "@apollo/client/react";
import { Alert, TextInput } from "@mantine/core";
import { useState } from "react";
import { FormCard } from "../../forms/FormCard";
import { useCheckedForm } from "../../forms/checked-form";
import { useMutationFeedback } from "../../forms/feedback";
import type { Rule } from "../../forms/rules";
import { useSession } from "../../session/SessionContext";
import { address, body, LIMITS, oneLine, parseVariables, variablesJson } from "./email-rules";
import { MailContentFields } from "./MailContentFields";
import { EmailLogsQuery, SendEmailMutation } from "./operations";

type Values = { to: string; templateKey: string; subject: string; body: string; variables: string };

// With a template the subject and body come from it; without one they are required.
const withoutTemplate =
  (rule: Rule): Rule =>
  (value, values) =>
    values?.templateKey ? undefined : rule(value, values);

const rules = {
  to: address,
  subject: withoutTemplate(oneLine("The subject", LIMITS.subject)),
  body: withoutTemplate(body("The message", LIMITS.text)),
  variables: variablesJson,
};

/** One mail to one address, to see a template arrive as people will get it. */
export function SendTestPanel() {
  const { user } = useSession();
  const [send] = useMutation(SendEmailMutation, { refetchQueries: [EmailLogsQuery] });
  const { run } = useMutationFeedback();
  const [sent, setSent] = useState<{ id: string; recipient?: string | null; status: string }>();
  const form = useCheckedForm<Values>({
    initialValues: { to: user?.email ?? "", templateKey: "", subject: "", body: "", variables: "" },
    validate: rules,
  });
  const usesTemplate = !!form.values.templateKey;

  return (
    <FormCard
      title="Send a test"
      titleId="send-title"
      submitLabel="Send test"
      form={form}
      maw={720}
      onSubmit={form.handleSubmit(async (v) => {
        setSent(undefined);
        const input = usesTemplate
          ? { to: v.to.trim(), templateKey: v.templateKey, variables: parseVariables(v.variables) }
          : { to: v.to.trim(), subject: v.subject, body: v.body };
        const result = await run(
          () => send({ variables: { input } }),
          {
            loading: "Queueing the test mail…",
            success: `Test mail queued for ${v.to.trim()}.`,
          },
          { rethrow: true },
        );
        const log = result?.data?.sendEmail;
        if (log) setSent(log);
      })}
    >
      <TextInput label="To" type="email" required {...form.getInputProps("to")} />
      <MailContentFields form={form} variables={{ placeholder: '{"displayName": "Ann"}' }} />
      {sent && (
        <Alert color="teal" role="status" data-testid="test-sent">
          Mail {sent.id} to {sent.recipient} is {sent.status.toLowerCase()}; the delivery log shows when it leaves.
        </Alert>
      )}
    </FormCard>
  );
}
