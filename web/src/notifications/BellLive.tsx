import { useApolloClient, useQuery, useSubscription } from "@apollo/client/react";
import { ActionIcon, Anchor, Button, Divider, Group, Indicator, Popover, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications as toasts } from "@mantine/notifications";
import { Link } from "react-router";
import { BellIcon, useBellSize } from "./BellIcon";
import { bellLabel, countLabel, SEVERITY_COLORS } from "./model";
import { NotificationItem } from "./NotificationItem";
import { NOTIFICATION_RECEIVED, NOTIFICATIONS, UNREAD_NOTIFICATION_COUNT } from "./operations";
import type { Notification } from "./types";
import { useNotificationActions } from "./useNotificationActions";

/** A notification missed while the socket was away is counted this often. */
const POLL_MS = 120_000;
const LATEST = { page: 1, pageSize: 5 };

function LatestList({ onOpened }: { onOpened: () => void }) {
  const { data, loading, error } = useQuery(NOTIFICATIONS, { variables: { page: LATEST } });
  const { open, markAllRead, markingAll } = useNotificationActions();
  const items = data?.notifications.items ?? [];
  const openOne = (n: Notification) => {
    onOpened();
    void open(n);
  };
  return (
    <Stack gap="xs" data-testid="bell-popover">
      <Group justify="space-between">
        <Text fw={700}>Notifications</Text>
        <Button size="compact-sm" variant="subtle" onClick={() => void markAllRead()} loading={markingAll}>
          Mark all read
        </Button>
      </Group>
      {loading && !data && <Text size="sm">Loading…</Text>}
      {error && !data && (
        <Text size="sm" c="red">
          Notifications cannot be loaded right now.
        </Text>
      )}
      {data && items.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="bell-empty">
          Nothing yet. Alerts from your home will show here.
        </Text>
      )}
      {items.map((n) => (
        <NotificationItem key={n.id} notification={n} onOpen={openOne} compact />
      ))}
      <Divider />
      <Anchor component={Link} to="/notifications" size="sm" onClick={onOpened}>
        All notifications
      </Anchor>
    </Stack>
  );
}

/** The bell with the unread count, live from `notificationReceived`, and the latest five. */
export default function BellLive() {
  const client = useApolloClient();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { data } = useQuery(UNREAD_NOTIFICATION_COUNT, { pollInterval: POLL_MS });
  useSubscription(NOTIFICATION_RECEIVED, {
    onData: ({ data: { data: event } }) => {
      const n = event?.notificationReceived;
      if (!n) return;
      client.cache.updateQuery({ query: UNREAD_NOTIFICATION_COUNT }, (current) => ({
        __typename: "Query" as const,
        unreadNotificationCount: (current?.unreadNotificationCount ?? 0) + (n.readAt ? 0 : 1),
      }));
      // The lists on screen (the popover, the inbox) take the new one in.
      void client.refetchQueries({ include: [NOTIFICATIONS] });
      toasts.show({
        title: n.title,
        message: n.body,
        color: SEVERITY_COLORS[n.severity],
        autoClose: n.severity === "CRITICAL" ? false : 8_000,
      });
    },
  });
  const count = data?.unreadNotificationCount ?? 0;
  const size = useBellSize();
  return (
    <Popover opened={opened} onChange={(o) => !o && close()} width={340} position="bottom-end" shadow="md">
      <Popover.Target>
        <Indicator
          label={countLabel(count)}
          disabled={count === 0}
          size={18}
          color="red"
          offset={4}
          data-testid="bell-count"
          data-count={count}
        >
          <ActionIcon
            variant="default"
            size={size}
            onClick={toggle}
            aria-label={bellLabel(count)}
            aria-expanded={opened}
            data-testid="bell"
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown>{opened && <LatestList onOpened={close} />}</Popover.Dropdown>
    </Popover>
  );
}
