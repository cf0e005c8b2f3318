import type { ApolloCache } from "@apollo/client";
import { useMutation, useQuery } from "@apollo/client/react";
import { Checkbox, Paper, Stack, Switch, Table, Text, TextInput, Title } from "@mantine/core";
import { useMemo } from "react";
import { useCheckedForm } from "../../forms/checked-form";
import { useMutationFeedback } from "../../forms/feedback";
import { FormCard } from "../../forms/FormCard";
import { required, timeOfDay } from "../../forms/rules";
import { LazySelect } from "../../lib/lazy";
import { QueryError } from "../../lib/query-error";
import { CHANNEL_LABELS, KIND_DESCRIPTIONS, KIND_LABELS } from "../../notifications/model";
import { MY_NOTIFICATION_SETTINGS, SET_NOTIFICATION_ROUTE, SET_QUIET_HOURS } from "../../notifications/operations";
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
  type NotificationSettings as Settings,
  type QuietHours,
} from "../../notifications/types";
import { PushOnThisDevice } from "./PushOnThisDevice";

/** The browser's own zone: the quiet hours' default. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([current, browserTimeZone(), "UTC", ...all])].sort();
}

// Every answer carries the whole settings: written in place of the query's, nothing is asked again.
function writeSettings(cache: ApolloCache, settings: Settings | undefined) {
  if (settings)
    cache.writeQuery({
      query: MY_NOTIFICATION_SETTINGS,
      data: { __typename: "Query", myNotificationSettings: settings },
    });
}

function RoutingTable({ settings }: { settings: Settings }) {
  const [setRoute, { loading }] = useMutation(SET_NOTIFICATION_ROUTE);
  const { run } = useMutationFeedback();
  const channelsOf = (kind: NotificationKind) => settings.routes.find((r) => r.kind === kind)?.channels ?? [];
  const toggle = (kind: NotificationKind, channel: NotificationChannel, on: boolean) => {
    const now = channelsOf(kind);
    // In the contract's order, whatever order the clicks came in.
    const channels = NOTIFICATION_CHANNELS.filter((c) => (c === channel ? on : now.includes(c)));
    return run(
      () =>
        setRoute({
          variables: { kind, channels },
          update: (cache, { data }) => writeSettings(cache, data?.setNotificationRoute),
        }),
      { loading: "Saving where it goes…", success: `${KIND_LABELS[kind]}: saved.` },
    );
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="routes-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="routes-title">
          Where each kind reaches you
        </Title>
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs" data-testid="routing-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                {NOTIFICATION_CHANNELS.map((c) => (
                  <Table.Th key={c} ta="center">
                    {CHANNEL_LABELS[c]}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {NOTIFICATION_KINDS.map((kind) => (
                <Table.Tr key={kind}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {KIND_LABELS[kind]}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {KIND_DESCRIPTIONS[kind]}
                    </Text>
                  </Table.Td>
                  {NOTIFICATION_CHANNELS.map((channel) => (
                    <Table.Td key={channel}>
                      <Checkbox
                        mx="auto"
                        w="fit-content"
                        aria-label={`${KIND_LABELS[kind]} by ${CHANNEL_LABELS[channel]}`}
                        checked={channelsOf(kind).includes(channel)}
                        disabled={loading}
                        onChange={(e) => void toggle(kind, channel, e.currentTarget.checked)}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}

const startRule = timeOfDay("The start");
const endRule = timeOfDay("The end");
const zoneRule = required("Choose a time zone.");

function QuietHoursForm({ quietHours }: { quietHours: QuietHours }) {
  const [save] = useMutation(SET_QUIET_HOURS);
  const { run } = useMutationFeedback();
  const initialValues = {
    enabled: quietHours.enabled,
    start: quietHours.start || "22:00",
    end: quietHours.end || "07:00",
    // Never set yet: the zone this browser is in, rather than the server's default.
    timeZone: quietHours.enabled && quietHours.timeZone ? quietHours.timeZone : browserTimeZone(),
  };
  const form = useCheckedForm({
    initialValues,
    // The rules see one field each (the form also holds a boolean, which they need not read).
    validate: {
      start: (v: string) => startRule(v),
      end: (v: string) => endRule(v),
      timeZone: (v: string) => zoneRule(v),
    },
  });
  const zones = useMemo(() => timeZones(initialValues.timeZone), [initialValues.timeZone]);
  return (
    <FormCard
      title="Quiet hours"
      titleId="quiet-hours-title"
      submitLabel="Save quiet hours"
      form={form}
      onSubmit={form.handleSubmit((values) =>
        run(
          () =>
            save({
              variables: { input: values },
              update: (cache, { data }) => writeSettings(cache, data?.setQuietHours),
            }),
          { loading: "Saving quiet hours…", success: "Quiet hours saved." },
          { rethrow: true },
        ),
      )}
    >
      <Text size="sm" c="dimmed">
        During these hours push and email wait until the morning; critical alerts (smoke, the alarm) still come through.
      </Text>
      <Switch label="Quiet hours on" {...form.getInputProps("enabled", { type: "checkbox" })} />
      <TextInput type="time" label="From" required {...form.getInputProps("start")} />
      <TextInput type="time" label="Until" required {...form.getInputProps("end")} />
      <LazySelect label="Time zone" data={zones} searchable allowDeselect={false} {...form.getInputProps("timeZone")} />
    </FormCard>
  );
}

/** Profile → Notifications: the routing table, quiet hours and push on this device. */
export function NotificationSettings() {
  const { data, error, loading } = useQuery(MY_NOTIFICATION_SETTINGS);
  const settings = data?.myNotificationSettings;
  return (
    <Stack id="notifications" component="section" aria-labelledby="notifications-title">
      <Title order={3} id="notifications-title">
        Notifications
      </Title>
      <QueryError error={settings ? undefined : error} title="Your notification settings could not be loaded" />
      {loading && !settings && <Text c="dimmed">Loading your notification settings…</Text>}
      {settings && <RoutingTable settings={settings} />}
      {settings && <QuietHoursForm key={JSON.stringify(settings.quietHours)} quietHours={settings.quietHours} />}
      <PushOnThisDevice />
    </Stack>
  );
}
