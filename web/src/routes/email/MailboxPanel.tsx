import { useQuery } from "@apollo/client/react";
import { Alert, Box, Button, Group, Loader, Paper, SimpleGrid, Stack, Tabs, Text, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { HtmlFrame } from "./HtmlFrame";
import { errorInfo } from "../../forms/errors";
import { ago, at } from "../../lib/time";
import { DevMailboxMessageQuery, DevMailboxQuery } from "./operations";
import { QueryError } from "../../lib/query-error";

function Message({ id }: { id: string }) {
  const { data, loading, error } = useQuery(DevMailboxMessageQuery, { variables: { id } });
  if (loading && !data) return <Loader aria-label="Opening the mail" />;
  if (error || !data) {
    return (
      <Alert color="red" role="alert">
        {error ? errorInfo(error).message : "This mail is gone."}
      </Alert>
    );
  }
  const m = data.devMailboxMessage;
  return (
    <Paper withBorder p="sm" component="article" aria-label={`Mail: ${m.subject ?? "(no subject)"}`}>
      <Stack gap={4}>
        <Text fw={600} data-testid="mailbox-subject">
          {m.subject ?? "(no subject)"}
        </Text>
        <Text size="sm">From {m.fromHeader ?? m.envelopeFrom}</Text>
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          To {m.toHeader ?? m.envelopeTo.join(", ")}
        </Text>
        <Text size="xs" c="dimmed">
          {at(m.receivedAt)}
        </Text>
        <Tabs defaultValue={m.html ? "html" : "text"} mt="xs">
          <Tabs.List>
            <Tabs.Tab value="html" disabled={!m.html}>
              HTML
            </Tabs.Tab>
            <Tabs.Tab value="text">Text</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="html" pt="xs">
            {m.html && <HtmlFrame title="Mail HTML" html={m.html} height={360} />}
          </Tabs.Panel>
          <Tabs.Panel value="text" pt="xs">
            <Box component="pre" style={{ whiteSpace: "pre-wrap", margin: 0 }}>
              {m.text}
            </Box>
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Paper>
  );
}

/** What the built-in SMTP catcher received (development: SMTP_URL unset). */
export function MailboxPanel() {
  const { data, loading, error, refetch } = useQuery(DevMailboxQuery, {
    variables: { page: { page: 1, pageSize: 50 } },
  });
  const [open, setOpen] = useState<string>();
  const items = data?.devMailbox.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {data ? `${data.devMailbox.total} caught` : ""}
        </Text>
        <Button variant="light" onClick={() => void refetch()} loading={loading}>
          Refresh
        </Button>
      </Group>
      <QueryError error={error} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Caught mail">
          {items.map((m) => (
            <li key={m.id}>
              <UnstyledButton
                onClick={() => setOpen(m.id)}
                aria-current={open === m.id}
                w="100%"
                p="xs"
                data-testid="mailbox-item"
                style={{
                  borderRadius: "var(--mantine-radius-sm)",
                  background: open === m.id ? "var(--mantine-color-default-hover)" : undefined,
                }}
              >
                <Text fw={500} size="sm" lineClamp={1}>
                  {m.subject ?? "(no subject)"}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {m.envelopeTo.join(", ")} · {ago(m.receivedAt)}
                </Text>
              </UnstyledButton>
            </li>
          ))}
          {data && items.length === 0 && <Text c="dimmed">Nothing caught yet.</Text>}
        </Stack>
        {open ? <Message key={open} id={open} /> : <Text c="dimmed">Choose a mail to read it.</Text>}
      </SimpleGrid>
    </Stack>
  );
}
