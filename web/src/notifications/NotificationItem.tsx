import { Badge, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { ago, at } from "../lib/time";
import { KIND_LABELS, SEVERITY_COLORS } from "./model";
import type { Notification } from "./types";

/** One notification as the bell's list and the inbox show it: a button that opens it. */
export function NotificationItem({
  notification: n,
  onOpen,
  compact = false,
}: {
  notification: Notification;
  onOpen: (n: Notification) => void;
  compact?: boolean;
}) {
  const unread = !n.readAt;
  return (
    <UnstyledButton
      onClick={() => onOpen(n)}
      p="xs"
      w="100%"
      style={{ borderRadius: "var(--mantine-radius-sm)" }}
      bg={unread ? "var(--mantine-primary-color-light)" : undefined}
      data-testid="notification-item"
      data-unread={unread}
      aria-label={`${unread ? "Unread: " : ""}${n.title}`}
    >
      <Stack gap={2}>
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Text fw={unread ? 700 : 500} size="sm" lineClamp={1}>
            {n.title}
          </Text>
          <Text size="xs" c="dimmed" title={at(n.createdAt)} style={{ flexShrink: 0 }}>
            {ago(n.createdAt)}
          </Text>
        </Group>
        <Text size="sm" c="dimmed" lineClamp={compact ? 2 : 4}>
          {n.body}
        </Text>
        {!compact && (
          <Group gap="xs">
            <Badge size="xs" variant="light" color={SEVERITY_COLORS[n.severity]}>
              {n.severity.toLowerCase()}
            </Badge>
            <Badge size="xs" variant="outline" color="gray">
              {KIND_LABELS[n.kind] ?? n.kind}
            </Badge>
          </Group>
        )}
      </Stack>
    </UnstyledButton>
  );
}
