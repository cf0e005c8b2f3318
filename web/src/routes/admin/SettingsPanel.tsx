import { useMutation, useQuery } from "@apollo/client/react";
import { Button, Center, Group, Loader, Paper, SegmentedControl, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useCheckedForm } from "../../forms/checked-form";
import { useMutationFeedback } from "../../forms/feedback";
import { intInRange } from "../../forms/rules";
import { ago } from "../../lib/time";
import {
  NotificationRetentionQuery,
  SetNotificationRetentionMutation,
  SetSystemSettingMutation,
  SystemSettingsQuery,
} from "./operations";
import { QueryError } from "../../lib/query-error";

interface Setting {
  key: string;
  value: string;
  defaultValue: string;
  type: string;
  description: string;
  min?: number | null;
  max?: number | null;
  choices?: readonly string[] | null;
  updatedAt?: string | null;
}

/** A choice's value travels as JSON text (`"ADMINS"`); the control shows the bare word. */
function ChoiceSetting({ setting, save }: { setting: Setting; save: (value: string) => Promise<unknown> }) {
  const current = JSON.parse(setting.value) as string;
  return (
    <SegmentedControl
      aria-label={setting.key}
      value={current}
      data={(setting.choices ?? []).map((c) => ({ value: c, label: c.charAt(0) + c.slice(1).toLowerCase() }))}
      onChange={(next) => void save(JSON.stringify(next)).catch(() => undefined)}
    />
  );
}

function IntegerSetting({ setting, save }: { setting: Setting; save: (value: string) => Promise<unknown> }) {
  const rule = intInRange(setting.min ?? Number.MIN_SAFE_INTEGER, setting.max ?? Number.MAX_SAFE_INTEGER, "The value");
  const form = useCheckedForm({ initialValues: { value: setting.value }, validate: { value: rule } });
  return (
    <form noValidate onSubmit={form.handleSubmit((v) => save(v.value.trim()))}>
      <Group align="flex-start" gap="xs" wrap="nowrap">
        <TextInput
          aria-label={setting.key}
          inputMode="numeric"
          w={120}
          {...form.getInputProps("value")}
          error={form.errors.value ?? form.formError}
        />
        <Button type="submit" variant="light" loading={form.submitting} disabled={form.values.value === setting.value}>
          Save
        </Button>
      </Group>
    </form>
  );
}

const RETENTION = { key: "notifications.retentionDays", min: 1, max: 3650, defaultValue: "90" };

/**
 * Kept by the email service, which owns notifications (not among auth's system settings), shown
 * as one more setting row.
 */
function NotificationRetention() {
  const { data, error } = useQuery(NotificationRetentionQuery);
  const [set] = useMutation(SetNotificationRetentionMutation, {
    update: (cache, { data: answer }) =>
      answer &&
      cache.writeQuery({
        query: NotificationRetentionQuery,
        data: { __typename: "Query", notificationRetentionDays: answer.setNotificationRetentionDays },
      }),
  });
  const { run } = useMutationFeedback();
  if (error) return <QueryError error={error} />;
  if (!data) return null;
  const value = String(data.notificationRetentionDays);
  return (
    <Paper withBorder p="sm" data-testid="setting">
      <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: "1 1 16rem" }}>
          <Text fw={500} ff="monospace" size="sm">
            {RETENTION.key}
          </Text>
          <Text size="sm">
            How many days everyone&apos;s notifications are kept; older ones are deleted each night.
          </Text>
          <Text size="xs" c="dimmed">
            Default {RETENTION.defaultValue} · {RETENTION.min} to {RETENTION.max}
          </Text>
        </Stack>
        <IntegerSetting
          key={value}
          setting={{ ...RETENTION, value, type: "integer", description: "" }}
          save={(v) =>
            run(
              () => set({ variables: { days: Number(v) } }),
              { loading: `Saving ${RETENTION.key}…`, success: `${RETENTION.key} saved.` },
              { rethrow: true },
            )
          }
        />
      </Group>
    </Paper>
  );
}

export function SettingsPanel() {
  const { data, loading, error } = useQuery(SystemSettingsQuery);
  // Settings have no id for the cache, so the list is read again after a change.
  const [set] = useMutation(SetSystemSettingMutation, {
    refetchQueries: [SystemSettingsQuery],
    awaitRefetchQueries: true,
  });
  const { run } = useMutationFeedback();
  const save = (key: string, value: string) =>
    run(
      () => set({ variables: { key, value } }),
      { loading: `Saving ${key}…`, success: `${key} saved.` },
      { rethrow: true },
    );

  if (loading && !data) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading settings" />
      </Center>
    );
  }
  return (
    <Stack gap="xs">
      <QueryError error={error} />
      {(data?.systemSettings ?? []).map((s) => (
        <Paper key={s.key} withBorder p="sm" data-testid="setting">
          <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0, flex: "1 1 16rem" }}>
              <Text fw={500} ff="monospace" size="sm" style={{ overflowWrap: "anywhere" }}>
                {s.key}
              </Text>
              <Text size="sm">{s.description}</Text>
              <Text size="xs" c="dimmed">
                Default {s.type === "choice" ? (JSON.parse(s.defaultValue) as string) : s.defaultValue}
                {s.type === "integer" && s.min != null && s.max != null ? ` · ${s.min} to ${s.max}` : ""}
                {s.type === "choice" && s.choices ? ` · one of ${s.choices.join(", ")}` : ""}
                {s.updatedAt ? ` · changed ${ago(s.updatedAt)}` : ""}
              </Text>
            </Stack>
            {s.type === "boolean" ? (
              <Switch
                aria-label={s.key}
                checked={s.value === "true"}
                onChange={(e) => void save(s.key, String(e.currentTarget.checked)).catch(() => undefined)}
              />
            ) : s.type === "choice" ? (
              <ChoiceSetting setting={s} save={(v) => save(s.key, v)} />
            ) : (
              <IntegerSetting key={s.value} setting={s} save={(v) => save(s.key, v)} />
            )}
          </Group>
        </Paper>
      ))}
      <NotificationRetention />
    </Stack>
  );
}
