import { Alert, Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { at } from "../../lib/time";
import { BackupStatus } from "./BackupStatus";

interface HealthReport {
  status: "healthy" | "unhealthy";
  timestamp: string;
  checks: Record<string, { status: "healthy" | "unhealthy"; latencyMs: number; error?: string }>;
}

/** The gateway's `/health`: every subgraph and the gateway's own checks. */
export function HealthPanel() {
  const [report, setReport] = useState<HealthReport>();
  const [problem, setProblem] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let current = true;
    // 503 still carries the report: it says which part is unhealthy.
    fetch("/health", { headers: { accept: "application/json" }, cache: "no-store" })
      .then((res) => res.json() as Promise<HealthReport>)
      .then(
        (next) => {
          if (!current) return;
          setReport(next);
          setProblem(undefined);
        },
        () => current && setProblem("The gateway did not answer."),
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [asked]);
  const load = () => {
    setLoading(true);
    setAsked((n) => n + 1);
  };

  return (
    <Stack>
      <Group justify="space-between">
        {report && (
          <Badge size="lg" color={report.status === "healthy" ? "teal" : "red"} data-testid="health-status">
            {report.status === "healthy" ? "All services healthy" : "Something is unhealthy"}
          </Badge>
        )}
        <Button variant="light" onClick={load} loading={loading}>
          Check again
        </Button>
      </Group>
      <BackupStatus asked={asked} />
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      {report && (
        <Table.ScrollContainer minWidth={320}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Service</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Answered in</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.entries(report.checks).map(([name, c]) => (
                <Table.Tr key={name}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>
                    <Badge color={c.status === "healthy" ? "teal" : "red"} variant="light">
                      {c.status}
                    </Badge>
                    {c.error && (
                      <Text size="xs" c="red">
                        {c.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{c.latencyMs} ms</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed" mt="xs">
            Checked {at(report.timestamp)}
          </Text>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
