import { useMutation, useQuery } from "@apollo/client/react";
import {
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { HtmlFrame } from "./HtmlFrame";
import { FormError } from "../../forms/FormError";
import { useCheckedForm } from "../../forms/checked-form";
import { useMutationFeedback } from "../../forms/feedback";
import type { EmailKind } from "../../gql/graphql";
import { body, LIMITS, oneLine, parseVariables, templateKey, variablesJson } from "./email-rules";
import {
  CreateEmailTemplateMutation,
  EmailTemplatesQuery,
  PreviewEmailDraftQuery,
  UpdateEmailTemplateMutation,
} from "./operations";
import { QueryError } from "../../lib/query-error";

const KINDS: { value: EmailKind; label: string }[] = [
  { value: "NOTIFICATION", label: "Notification (people may turn it off)" },
  { value: "DIGEST", label: "Digest" },
  { value: "SECURITY", label: "Security (always sent)" },
];

const NEW = "__new__";

const rules = {
  key: templateKey,
  name: oneLine("The name", LIMITS.templateName),
  subject: oneLine("The subject", LIMITS.subject),
  html: body("The HTML body", LIMITS.html),
  text: body("The text body", LIMITS.text),
  variables: variablesJson,
};

type Values = {
  key: string;
  name: string;
  kind: string;
  subject: string;
  html: string;
  text: string;
  variables: string;
};

const blank: Values = {
  key: "",
  name: "",
  kind: "NOTIFICATION",
  subject: "",
  html: "<p>Hello {{displayName}},</p>\n",
  text: "Hello {{displayName}},\n",
  variables: '{\n  "displayName": "Ann"\n}',
};

/** The rendered mail, as the email service would send it, updated while the template is typed. */
function LivePreview({ values }: { values: Values }) {
  const [debounced] = useDebouncedValue(values, 400);
  const valid =
    !rules.subject(debounced.subject) &&
    !rules.html(debounced.html) &&
    !rules.text(debounced.text) &&
    !rules.variables(debounced.variables);
  const variables = useMemo(() => (valid ? parseVariables(debounced.variables) : null), [valid, debounced.variables]);
  const { data, previousData, error, loading } = useQuery(PreviewEmailDraftQuery, {
    variables: { draft: { subject: debounced.subject, html: debounced.html, text: debounced.text }, variables },
    skip: !valid,
  });
  const preview = (data ?? previousData)?.previewEmailDraft;
  return (
    <Paper withBorder p="sm" aria-labelledby="preview-title" component="section" aria-busy={loading}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4} size="h5" id="preview-title">
            Preview
          </Title>
          {loading && <Loader size="xs" aria-label="Rendering the preview" />}
        </Group>
        {!valid && (
          <Text size="sm" c="dimmed">
            Fix the marked fields to see the preview.
          </Text>
        )}
        <QueryError error={error} testId="preview-error" />
        {preview && (
          <>
            <Text size="sm">
              <b>Subject:</b> <span data-testid="preview-subject">{preview.subject}</span>
            </Text>
            <Tabs defaultValue="html">
              <Tabs.List>
                <Tabs.Tab value="html">HTML</Tabs.Tab>
                <Tabs.Tab value="text">Text</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt="xs">
                <HtmlFrame title="HTML preview" html={preview.html} height={320} />
              </Tabs.Panel>
              <Tabs.Panel value="text" pt="xs">
                <Box component="pre" data-testid="preview-text" style={{ whiteSpace: "pre-wrap", margin: 0 }}>
                  {preview.text}
                </Box>
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </Stack>
    </Paper>
  );
}

export function TemplatesPanel() {
  const { data, loading, error } = useQuery(EmailTemplatesQuery);
  const [create] = useMutation(CreateEmailTemplateMutation, { refetchQueries: [EmailTemplatesQuery] });
  const [update] = useMutation(UpdateEmailTemplateMutation);
  const { run } = useMutationFeedback();
  const [selected, setSelected] = useState<string>();
  const form = useCheckedForm<Values>({ initialValues: blank, validate: rules });
  const templates = data?.emailTemplates ?? [];
  const current = templates.find((t) => t.key === selected);
  const isNew = selected === NEW;

  const choose = (key: string | null) => {
    if (!key) return;
    setSelected(key);
    const t = templates.find((x) => x.key === key);
    form.reset(
      t
        ? {
            key: t.key,
            name: t.name,
            kind: t.kind,
            subject: t.subject,
            html: t.html,
            text: t.text,
            variables: form.values.variables,
          }
        : { ...blank, variables: form.values.variables },
    );
  };

  return (
    <Stack>
      <QueryError error={error} />
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Template"
          placeholder={loading ? "Loading…" : "Choose a template"}
          data={[
            ...templates.map((t) => ({ value: t.key, label: `${t.name} (${t.key})` })),
            { value: NEW, label: "+ New template" },
          ]}
          value={selected ?? null}
          onChange={choose}
          style={{ flex: "1 1 16rem" }}
          allowDeselect={false}
        />
        {current?.builtIn && <Badge variant="light">Built in</Badge>}
      </Group>
      {selected && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Paper
            withBorder
            p="sm"
            component="form"
            noValidate
            aria-label="Template editor"
            onSubmit={form.handleSubmit(async (v) => {
              const parts = {
                name: v.name.trim(),
                kind: v.kind as EmailKind,
                subject: v.subject,
                html: v.html,
                text: v.text,
              };
              if (isNew) {
                await run(
                  () => create({ variables: { input: { key: v.key, ...parts } } }),
                  {
                    loading: "Creating the template…",
                    success: `Template “${v.key}” created.`,
                  },
                  { rethrow: true },
                );
                setSelected(v.key);
              } else {
                await run(
                  () => update({ variables: { key: selected, input: parts } }),
                  {
                    loading: "Saving the template…",
                    success: "Template saved.",
                  },
                  { rethrow: true },
                );
              }
            })}
          >
            <Stack gap="sm">
              {isNew && (
                <TextInput
                  label="Key"
                  description="Lower-case letters, digits and dashes"
                  required
                  {...form.getInputProps("key")}
                />
              )}
              <TextInput label="Name" required {...form.getInputProps("name")} />
              <Select
                label="Kind"
                name="kind"
                data={KINDS}
                allowDeselect={false}
                value={form.values.kind}
                onChange={(v) => v && form.setFieldValue("kind", v)}
              />
              <TextInput label="Subject" required {...form.getInputProps("subject")} />
              <Textarea
                label="HTML body"
                description="Handlebars: {{name}} is HTML-escaped"
                required
                autosize
                minRows={5}
                maxRows={16}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
                {...form.getInputProps("html")}
              />
              <Textarea
                label="Text body"
                required
                autosize
                minRows={4}
                maxRows={12}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
                {...form.getInputProps("text")}
              />
              <Textarea
                label="Preview variables (JSON)"
                description="Only for the preview; not saved"
                autosize
                minRows={2}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
                {...form.getInputProps("variables")}
              />
              <FormError message={form.formError} />
              <Group justify="flex-end">
                <Button type="submit" loading={form.submitting}>
                  {isNew ? "Create template" : "Save template"}
                </Button>
              </Group>
            </Stack>
          </Paper>
          <LivePreview values={form.values} />
        </SimpleGrid>
      )}
    </Stack>
  );
}
