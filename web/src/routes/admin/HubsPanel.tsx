import { useMutation, useQuery } from "@apollo/client/react";
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { QueryError } from "../../lib/query-error";
import { ago, at } from "../../lib/time";
import { AdminHubsQuery, ReconcileHubMutation } from "./operations";

const KINDS = [
  ["attributeValue", "Values"],
  ["label", "Renamed"],
  ["room", "Moved"],
  ["removed", "Removed"],
  ["returned", "Returned"],
  ["added", "Added"],
] as const;

type Counts = Record<(typeof KINDS)[number][0], number>;

function DriftCounts({ counts, label }: { counts: Counts; label: string }) {
  return (
    <SimpleGrid cols={{ base: 3, sm: 6 }} spacing="xs" aria-label={label}>
      {KINDS.map(([key, name]) => (
        <Stack key={key} gap={0} align="center">
          <Text fw={600} data-testid={`${label}-${key}`}>
            {counts[key]}
          </Text>
          <Text size="xs" c="dimmed">
            {name}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

/**
 * Each hub's drift: what reconciling with the Maker API has corrected, and a button to compare every
 * device now (after a hub restore, say) rather than wait for the next interval.
 */
export function HubsPanel() {
  // Not cached: the app's cache keeps one Hub (the dashboard's), and this lists every hub.
  const { data, error, refetch } = useQuery(AdminHubsQuery, { fetchPolicy: "no-cache" });
  const [reconcile, { loading }] = useMutation(ReconcileHubMutation);
  const [busy, setBusy] = useState<string>();
  const [reports, setReports] = useState<Record<string, { text: string; failed?: boolean }>>({});

  const run = async (hub: string) => {
    setBusy(hub);
    try {
      const { data: answer } = await reconcile({ variables: { hub } });
      const r = answer!.reconcileHub;
      setReports((all) => ({
        ...all,
        [hub]: {
          text:
            r.corrections === 0
              ? `Checked ${r.devicesChecked} devices in ${r.ms} ms: nothing differed from the hub.`
              : `Checked ${r.devicesChecked} devices in ${r.ms} ms: corrected ${r.corrections}.`,
        },
      }));
      await refetch();
    } catch (e) {
      setReports((all) => ({ ...all, [hub]: { text: (e as Error).message, failed: true } }));
    } finally {
      setBusy(undefined);
    }
  };

  if (error && !data) return <QueryError error={error} />;
  const hubs = data?.hubs ?? [];
  return (
    <Stack>
      <Title order={4}>Hubs</Title>
      {hubs.map((hub) => (
        <Card key={hub.name} withBorder data-testid="hub-drift">
          <Stack gap="xs">
            <Group justify="space-between">
              <Group gap="xs">
                <Text fw={600}>{hub.name}</Text>
                {hub.primary && hubs.length > 1 && <Badge variant="light">primary</Badge>}
                <Badge color={hub.connected ? "teal" : "red"} variant="light">
                  {hub.connected ? "connected" : "not connected"}
                </Badge>
              </Group>
              <Button
                variant="light"
                onClick={() => void run(hub.name)}
                loading={loading && busy === hub.name}
                disabled={!hub.configured}
              >
                Reconcile now
              </Button>
            </Group>
            {hub.problem && (
              <Text size="sm" c="red">
                {hub.problem}
              </Text>
            )}
            <Text size="sm" c="dimmed" title={at(hub.drift.lastReconciledAt)}>
              Last reconciled {ago(hub.drift.lastReconciledAt, Date.now(), "never")} · {hub.drift.corrections}{" "}
              corrections in all
            </Text>
            <DriftCounts counts={hub.drift} label={`drift of ${hub.name}`} />
            {reports[hub.name] && (
              <Alert color={reports[hub.name]!.failed ? "red" : "teal"} role="status">
                {reports[hub.name]!.text}
              </Alert>
            )}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
