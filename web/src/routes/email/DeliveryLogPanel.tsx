import { useQuery } from "@apollo/client/react";
import {
  Badge,
  Button,
  Group,
  Loader,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import type { EmailStatus } from "../../gql/graphql";
import { ago, at } from "../../lib/time";
import { EmailLogsQuery } from "./operations";
import { QueryError } from "../../lib/query-error";

const PAGE_SIZE = 20;
const STATUSES: { value: "" | EmailStatus; label: string }[] = [
  { value: "", label: "All" },
  { value: "QUEUED", label: "Queued" },
  { value: "SENDING", label: "Sending" },
  { value: "SENT", label: "Sent" },
  { value: "FAILED", label: "Failed" },
  { value: "SUPPRESSED", label: "Suppressed" },
];
export const STATUS_COLOR: Record<EmailStatus, string> = {
  QUEUED: "gray",
  SENDING: "blue",
  SENT: "teal",
  FAILED: "red",
  SUPPRESSED: "yellow",
};

export function DeliveryLogPanel() {
  const [status, setStatus] = useState<"" | EmailStatus>("");
  const [recipient, setRecipient] = useState("");
  const [search] = useDebouncedValue(recipient.trim(), 300);
  const [page, setPage] = useState(1);
  const { data, loading, error, refetch } = useQuery(EmailLogsQuery, {
    variables: {
      filter: { ...(status ? { status } : {}), ...(search ? { recipient: search } : {}) },
      page: { page, pageSize: PAGE_SIZE },
    },
  });
  const logs = data?.emailLogs.items ?? [];
  const pages = Math.max(1, Math.ceil((data?.emailLogs.total ?? 0) / PAGE_SIZE));

  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        {/* Six choices do not fit a phone's width side by side: a list there, buttons above. */}
        <Select
          hiddenFrom="sm"
          label="Status"
          data={STATUSES}
          allowDeselect={false}
          value={status}
          onChange={(v) => {
            setStatus((v ?? "") as "" | EmailStatus);
            setPage(1);
          }}
          style={{ flex: "1 1 10rem" }}
        />
        <Stack gap={4} visibleFrom="sm">
          <Text size="sm" fw={500} id="status-filter">
            Status
          </Text>
          <SegmentedControl
            aria-labelledby="status-filter"
            data={STATUSES}
            value={status}
            onChange={(v) => {
              setStatus(v as "" | EmailStatus);
              setPage(1);
            }}
          />
        </Stack>
        <TextInput
          label="Recipient"
          placeholder="someone@example.com"
          value={recipient}
          onChange={(e) => {
            setRecipient(e.currentTarget.value);
            setPage(1);
          }}
          style={{ flex: "1 1 14rem" }}
        />
        <Button variant="light" onClick={() => void refetch()} loading={loading}>
          Refresh
        </Button>
      </Group>
      <QueryError error={error} />
      <Text size="sm" c="dimmed" aria-live="polite">
        {data ? `${data.emailLogs.total} mail${data.emailLogs.total === 1 ? "" : "s"}` : ""}
        {loading && <Loader size="xs" ml="xs" aria-label="Loading the delivery log" />}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>To</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Queued</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {logs.map((l) => (
              <Table.Tr key={l.id} data-testid="log-row">
                <Table.Td style={{ overflowWrap: "anywhere" }}>{l.recipient}</Table.Td>
                <Table.Td>
                  {l.subject}
                  {l.templateKey && (
                    <Text size="xs" c="dimmed">
                      {l.templateKey}
                      {l.bulkRunId ? ` · bulk ${l.bulkRunId}` : ""}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[l.status]} variant="light">
                    {l.status.toLowerCase()}
                  </Badge>
                  {l.lastError && (
                    <Text size="xs" c="red">
                      {l.lastError}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{l.attempts}</Table.Td>
                <Table.Td title={at(l.createdAt)}>
                  {ago(l.createdAt)}
                  {l.sentAt && <VisuallyHidden>, sent {at(l.sentAt)}</VisuallyHidden>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && logs.length === 0 && <Text c="dimmed">No mail matches.</Text>}
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of the delivery log" />}
    </Stack>
  );
}
