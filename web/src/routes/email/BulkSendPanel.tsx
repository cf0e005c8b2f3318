import { useMutation, useQuery, useSubscription } from "@apollo/client/react";
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { FormError } from "../../forms/FormError";
import { useCheckedForm } from "../../forms/checked-form";
import { useMutationFeedback } from "../../forms/feedback";
import type { Rule } from "../../forms/rules";
import { MailContentFields } from "./MailContentFields";
import { addressesOf, addressList, body, LIMITS, oneLine, parseVariables, variablesJson } from "./email-rules";
import { BulkEmailProgressSubscription, BulkEmailRunQuery, EmailLogsQuery, SendBulkEmailMutation } from "./operations";

/** The email service's default EMAIL_BULK_MAX; a lower server limit still answers on the field. */
const BULK_MAX = 1000;

type Values = {
  audience: string;
  role: string;
  to: string;
  templateKey: string;
  subject: string;
  body: string;
  variables: string;
};

const when =
  (test: (values: Record<string, string>) => boolean, rule: Rule): Rule =>
  (value, values) =>
    values && test(values) ? rule(value, values) : undefined;

const rules = {
  to: when((v) => v.audience === "to", addressList(BULK_MAX)),
  subject: when((v) => !v.templateKey, oneLine("The subject", LIMITS.subject)),
  body: when((v) => !v.templateKey, body("The message", LIMITS.text)),
  variables: variablesJson,
};

/** A bulk run's counts, live from bulkEmailProgress (and read once, in case it finished first). */
export function BulkProgress({ runId }: { runId: string }) {
  const initial = useQuery(BulkEmailRunQuery, { variables: { id: runId } });
  const live = useSubscription(BulkEmailProgressSubscription, { variables: { runId } });
  const run = live.data?.bulkEmailProgress ?? initial.data?.bulkEmailRun;
  if (!run) return null;
  const pct = (n: number) => (run.total ? (n / run.total) * 100 : 0);
  const finished = run.sent + run.failed + run.suppressed;
  return (
    <Paper withBorder p="sm" data-testid="bulk-progress" aria-live="polite">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={500}>
            Bulk send {run.id}: {finished} of {run.total} done
          </Text>
          <Badge color={run.done ? (run.failed ? "orange" : "teal") : "blue"}>
            {run.done ? "Finished" : "Sending"}
          </Badge>
        </Group>
        <Progress.Root size="lg" aria-label={`${finished} of ${run.total} mails done`}>
          <Progress.Section value={pct(run.sent)} color="teal" />
          <Progress.Section value={pct(run.suppressed)} color="yellow" />
          <Progress.Section value={pct(run.failed)} color="red" />
        </Progress.Root>
        <Text size="sm" c="dimmed">
          {run.sent} sent · {run.queued} waiting · {run.failed} failed · {run.suppressed} unsubscribed
        </Text>
      </Stack>
    </Paper>
  );
}

export function BulkSendPanel() {
  const [sendBulk] = useMutation(SendBulkEmailMutation, { refetchQueries: [EmailLogsQuery] });
  const { run } = useMutationFeedback();
  const [runId, setRunId] = useState<string>();
  const form = useCheckedForm<Values>({
    initialValues: {
      audience: "allUsers",
      role: "MEMBER",
      to: "",
      templateKey: "",
      subject: "",
      body: "",
      variables: "",
    },
    validate: rules,
  });
  const v = form.values;

  return (
    <Stack>
      <Paper
        withBorder
        p="md"
        component="form"
        noValidate
        aria-labelledby="bulk-title"
        onSubmit={form.handleSubmit(async (values) => {
          const audience =
            values.audience === "to"
              ? { to: addressesOf(values.to) }
              : values.audience === "role"
                ? { role: values.role }
                : { allUsers: true };
          const content = values.templateKey
            ? { templateKey: values.templateKey, variables: parseVariables(values.variables) }
            : { subject: values.subject, body: values.body };
          const result = await run(
            () => sendBulk({ variables: { input: { ...audience, ...content } } }),
            {
              loading: "Queueing the mails…",
              success: "Bulk send started.",
            },
            { rethrow: true },
          );
          const started = result?.data?.sendBulkEmail;
          if (started) setRunId(started.id);
        })}
      >
        <Stack gap="sm" maw={720}>
          <Title order={3} size="h4" id="bulk-title">
            Bulk send
          </Title>
          <Radio.Group
            label="Who gets it"
            name="audience"
            value={v.audience}
            onChange={(x) => form.setFieldValue("audience", x)}
          >
            <Group mt="xs">
              <Radio value="allUsers" label="Everyone in the household" />
              <Radio value="role" label="Everyone with a role" />
              <Radio value="to" label="These addresses" />
            </Group>
          </Radio.Group>
          {v.audience === "role" && (
            <Select
              label="Role"
              name="role"
              data={[
                { value: "MEMBER", label: "Members" },
                { value: "ADMIN", label: "Admins" },
              ]}
              allowDeselect={false}
              value={v.role}
              onChange={(x) => x && form.setFieldValue("role", x)}
            />
          )}
          {v.audience === "to" && (
            <Textarea
              label="Addresses"
              description="One per line"
              required
              autosize
              minRows={3}
              {...form.getInputProps("to")}
            />
          )}
          <MailContentFields form={form} variables={{ description: "The same for every mail" }} />
          <FormError message={form.formError} />
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting}>
              Send to all of them
            </Button>
          </Group>
        </Stack>
      </Paper>
      {runId ? (
        <BulkProgress key={runId} runId={runId} />
      ) : (
        <Alert color="gray" variant="light">
          Progress shows here while the mails go out.
        </Alert>
      )}
    </Stack>
  );
}
