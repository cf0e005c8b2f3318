import { useQuery } from "@apollo/client/react";
import { Select, Textarea, TextInput } from "@mantine/core";
import type { CheckedForm } from "../../forms/checked-form";
import { EmailTemplatesQuery } from "./operations";

/** The fields of what a mail says, as the send forms hold them. */
export type MailContent = { templateKey: string; subject: string; body: string; variables: string };

/**
 * What a mail says: a template and its variables (JSON), or without one its own subject and
 * message. `variables` describes the variables field to the sender.
 */
export function MailContentFields<V extends MailContent>(props: {
  form: CheckedForm<V>;
  variables: { description?: string; placeholder?: string };
}) {
  // V only adds fields to MailContent; Mantine cannot see that through a generic path type.
  const form = props.form as unknown as CheckedForm<MailContent>;
  const templates = useQuery(EmailTemplatesQuery);
  return (
    <>
      <Select
        label="Template"
        name="templateKey"
        placeholder="None: write the mail here"
        clearable
        data={(templates.data?.emailTemplates ?? []).map((t) => ({ value: t.key, label: `${t.name} (${t.key})` }))}
        value={form.values.templateKey || null}
        onChange={(key) => form.setFieldValue("templateKey", key ?? "")}
      />
      {form.values.templateKey ? (
        <Textarea
          label="Variables (JSON)"
          {...props.variables}
          autosize
          minRows={2}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          {...form.getInputProps("variables")}
        />
      ) : (
        <>
          <TextInput label="Subject" required {...form.getInputProps("subject")} />
          <Textarea label="Message" required autosize minRows={4} {...form.getInputProps("body")} />
        </>
      )}
    </>
  );
}
