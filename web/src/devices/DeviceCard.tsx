import { Anchor, Badge, Card, Group, Loader, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { at } from "../lib/time";
import { DeviceControls } from "./controls";
import { FavoriteStar } from "./FavoriteStar";
import { ForgetDeviceButton } from "./ForgetDevice";
import { readingsOf, type Device } from "./model";
import { useDeviceActions } from "./useDeviceActions";

/** What is waiting for the hub, in words, for the badge's title. */
function pendingText(device: Device): string {
  const names = device.pendingCommands.map((c) => (c.sending ? `${c.name} (with the hub)` : `${c.name} (waiting)`));
  return names.length ? `Sending to the hub: ${names.join(", ")}` : "Sending to the hub…";
}

/**
 * The device's state in badges: removed from the hub, offline, stale, and "sending…" while a
 * command is on its way (this browser's, or any waiting in the hub's queue as the server last said).
 */
export function DeviceBadges({ device, sending = false }: { device: Device; sending?: boolean }) {
  const pending = sending || device.pendingCommands.length > 0;
  return (
    <Group gap={4}>
      {pending && (
        <Badge
          color="blue"
          variant="light"
          size="sm"
          data-testid="badge-pending"
          title={pendingText(device)}
          leftSection={<Loader size={10} color="blue" />}
        >
          Sending…
        </Badge>
      )}
      {device.removed ? (
        <Badge
          color="gray"
          variant="light"
          size="sm"
          data-testid="badge-removed"
          title={device.removedAt ? `Since ${at(device.removedAt)}` : undefined}
        >
          Removed from the hub
        </Badge>
      ) : (
        <>
          {!device.online && (
            <Badge color="red" variant="light" size="sm" data-testid="badge-offline">
              Offline
            </Badge>
          )}
          {device.stale && (
            <Badge
              color="yellow"
              variant="light"
              size="sm"
              data-testid="badge-stale"
              title="The values may be out of date"
            >
              Stale
            </Badge>
          )}
        </>
      )}
    </Group>
  );
}

export function DeviceReadings({ device }: { device: Device }) {
  const readings = readingsOf(device);
  if (!readings.length) return null;
  return (
    <Group gap="md">
      {readings.map((r) => (
        <Text size="sm" key={r.name} data-testid={`reading-${r.name}`}>
          <Text span c="dimmed" size="sm">
            {r.label}
          </Text>{" "}
          {r.text}
        </Text>
      ))}
    </Group>
  );
}

/** `plain`: no link to the device's screen (a guest has only the dashboard). */
export function DeviceCard({ device, plain = false }: { device: Device; plain?: boolean }) {
  const actions = useDeviceActions(device);
  return (
    <Card withBorder padding="sm" data-testid={`device-${device.id}`} aria-label={device.label} component="article">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          {plain ? (
            <Text fw={600} size="md" lineClamp={2}>
              {device.label}
            </Text>
          ) : (
            <Anchor component={Link} to={`/devices/${device.id}`} fw={600} size="md" lineClamp={2}>
              {device.label}
            </Anchor>
          )}
          <FavoriteStar device={device} />
        </Group>
        <DeviceBadges device={device} sending={actions.pending} />
        <DeviceReadings device={device} />
        {device.removed ? (
          <Group justify="space-between" gap="xs">
            <Text size="sm" c="dimmed">
              The hub no longer lists this device; its history is kept.
            </Text>
            <ForgetDeviceButton device={device} />
          </Group>
        ) : (
          <DeviceControls device={device} actions={actions} />
        )}
      </Stack>
    </Card>
  );
}
