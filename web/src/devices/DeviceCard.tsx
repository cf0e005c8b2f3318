import { Anchor, Badge, Card, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { DeviceControls } from "./controls";
import { readingsOf, type Device } from "./model";

export function DeviceBadges({ device }: { device: Device }) {
  return (
    <Group gap={4}>
      {!device.online && (
        <Badge color="red" variant="light" size="sm" data-testid="badge-offline">
          Offline
        </Badge>
      )}
      {device.stale && (
        <Badge color="yellow" variant="light" size="sm" data-testid="badge-stale" title="The values may be out of date">
          Stale
        </Badge>
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

export function DeviceCard({ device }: { device: Device }) {
  return (
    <Card withBorder padding="md" data-testid={`device-${device.id}`} aria-label={device.label} component="article">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Anchor component={Link} to={`/devices/${device.id}`} fw={600} size="md" lineClamp={2}>
            {device.label}
          </Anchor>
          <DeviceBadges device={device} />
        </Group>
        <DeviceReadings device={device} />
        <DeviceControls device={device} />
      </Stack>
    </Card>
  );
}
