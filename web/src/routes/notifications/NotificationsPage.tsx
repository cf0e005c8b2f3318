import { useQuery } from "@apollo/client/react";
import { Button, Center, Group, Loader, Pagination, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useSearchParams } from "react-router";
import { QueryError } from "../../lib/query-error";
import { NotificationItem } from "../../notifications/NotificationItem";
import { NOTIFICATIONS } from "../../notifications/operations";
import { useNotificationActions } from "../../notifications/useNotificationActions";

const PAGE_SIZE = 20;

/** The inbox: every notification, newest first, a page at a time; the page and filter are the address's. */
export default function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const unreadOnly = params.get("show") === "unread";
  const { data, loading, error } = useQuery(NOTIFICATIONS, {
    variables: { page: { page, pageSize: PAGE_SIZE }, unreadOnly },
  });
  const { open, markAllRead, markingAll } = useNotificationActions();
  const result = data?.notifications;
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const go = (next: { page?: number; unreadOnly?: boolean }) => {
    const p = new URLSearchParams();
    if ((next.unreadOnly ?? unreadOnly) === true) p.set("show", "unread");
    if ((next.page ?? 1) > 1) p.set("page", String(next.page));
    setParams(p);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Notifications</Title>
        <Button variant="default" onClick={() => void markAllRead()} loading={markingAll} data-testid="mark-all-read">
          Mark all read
        </Button>
      </Group>
      <SegmentedControl
        w="fit-content"
        aria-label="Show"
        value={unreadOnly ? "unread" : "all"}
        onChange={(v) => go({ unreadOnly: v === "unread" })}
        data={[
          { value: "all", label: "All" },
          { value: "unread", label: "Unread" },
        ]}
      />
      <QueryError error={data ? undefined : error} title="Notifications could not be loaded" />
      {loading && !data && (
        <Center p="xl">
          <Loader aria-label="Loading notifications" />
        </Center>
      )}
      {result && result.items.length === 0 && (
        <Paper withBorder p="xl" data-testid="notifications-empty">
          <Text ta="center" c="dimmed">
            {unreadOnly
              ? "Nothing unread. You're all caught up."
              : "No notifications yet. Alarms, automations and your devices' health will show here."}
          </Text>
        </Paper>
      )}
      {result && result.items.length > 0 && (
        <Paper withBorder p="xs" component="ul" style={{ listStyle: "none", margin: 0 }} aria-label="Notifications">
          <Stack gap={4}>
            {result.items.map((n) => (
              <li key={n.id}>
                <NotificationItem notification={n} onOpen={(item) => void open(item)} />
              </li>
            ))}
          </Stack>
        </Paper>
      )}
      {result && pages > 1 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {result.total} in all
          </Text>
          <Pagination total={pages} value={page} onChange={(p) => go({ page: p })} aria-label="Pages" />
        </Group>
      )}
    </Stack>
  );
}
