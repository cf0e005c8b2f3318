import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { historyLabel } from "../../alarm/model";
import { QueryError } from "../../lib/query-error";
import { ago, at } from "../../lib/time";

interface Entry {
  kind: string;
  value: string;
  text?: string | null;
  at: string;
}

/** The alarm's recent statuses and alerts, newest first. */
export function AlarmHistory({ entries, error }: { entries?: Entry[]; error?: unknown }) {
  return (
    <section aria-labelledby="alarm-history">
      <Title order={3} size="h4" mb="sm" id="alarm-history">
        Recent activity
      </Title>
      <QueryError error={entries ? null : error} />
      {entries && entries.length === 0 && <Text c="dimmed">Nothing yet.</Text>}
      <Stack gap={6} data-testid="alarm-history">
        {entries?.map((entry, i) => (
          <Paper key={`${entry.at}-${i}`} withBorder px="sm" py={6} radius="sm">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                {entry.kind === "alert" && entry.value !== "cancel" && (
                  <Badge color="red" size="sm" style={{ flexShrink: 0 }}>
                    Alert
                  </Badge>
                )}
                <Text size="sm" truncate>
                  {historyLabel(entry)}
                  {entry.text && entry.kind === "alert" && entry.text !== entry.value ? ` · ${entry.text}` : ""}
                </Text>
              </Group>
              <Text size="xs" c="dimmed" title={at(entry.at)} style={{ whiteSpace: "nowrap" }}>
                {ago(entry.at)}
              </Text>
            </Group>
          </Paper>
        ))}
      </Stack>
    </section>
  );
}
