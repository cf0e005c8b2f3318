import { useQuery, useSubscription } from "@apollo/client/react";
import { Alert, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMemo, type CSSProperties } from "react";
import { useLiveConnected } from "../../apollo/live-state";
import { DeviceCard } from "../../devices/DeviceCard";
import { HubControls } from "../../devices/HubControls";
import { groupByRoom, type Device } from "../../devices/model";
import { DASHBOARD, DEVICE_UPDATED, HSM_STATUS_CHANGED, HUB_MODE_CHANGED, HUB_STATUS } from "../../devices/operations";
import { errorInfo } from "../../forms/errors";
import { SummaryStrip } from "./SummaryStrip";
import { favoritesOf, summarize } from "./summary";

/** How often the hub's connection is checked for the banner (no subscription says it). */
const HUB_POLL_MS = 15_000;

/**
 * Rooms as tiles across the width, packed in columns (a masonry: a room of eight devices does not
 * leave a hole beside a room of one): as many columns of at least 270 px as fit, so one on a
 * phone and four beside the navigation at 1440 px. Rooms run down each column in name order.
 */
const ROOM_COLUMNS: CSSProperties = { columnWidth: 270, columnGap: "var(--mantine-spacing-md)" };
const ROOM_TILE: CSSProperties = { breakInside: "avoid", marginBottom: "var(--mantine-spacing-md)" };

function RoomTile({
  title,
  devices,
  index,
  testId,
  style,
}: {
  title: string;
  devices: Device[];
  index: string;
  testId: string;
  style?: CSSProperties;
}) {
  return (
    <Paper
      component="section"
      aria-labelledby={`room-${index}`}
      data-testid={testId}
      withBorder
      p="sm"
      bg="var(--mantine-color-default-hover)"
      style={style}
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={3} size="h4" id={`room-${index}`}>
          {title}
        </Title>
        <Badge variant="default" size="sm" aria-label={`${devices.length} devices`}>
          {devices.length}
        </Badge>
      </Group>
      <Stack gap="sm">
        {devices.map((device) => (
          <DeviceCard key={device.id} device={device} />
        ))}
      </Stack>
    </Paper>
  );
}

export default function DashboardPage() {
  const { data, error, loading, client } = useQuery(DASHBOARD);
  useQuery(HUB_STATUS, { pollInterval: HUB_POLL_MS, fetchPolicy: "network-only" });
  const live = useLiveConnected();

  // Each changed device arrives whole and replaces its cache entry: every card re-renders by itself,
  // and the summary, favourites and rooms are derived again from the cache.
  useSubscription(DEVICE_UPDATED);
  useSubscription(HUB_MODE_CHANGED, {
    onData: ({ data: { data: d } }) => {
      if (d) client.cache.modify({ id: "Hub:{}", fields: { mode: () => d.hubModeChanged } });
    },
  });
  useSubscription(HSM_STATUS_CHANGED, {
    onData: ({ data: { data: d } }) => {
      if (d) client.cache.modify({ id: "Hub:{}", fields: { hsmStatus: () => d.hsmStatusChanged } });
    },
  });

  const devices = data?.devices;
  const hsmStatus = data?.hub.hsmStatus;
  const view = useMemo(() => {
    if (!devices) return undefined;
    const listed = devices.filter((d) => !d.removed);
    return {
      summary: summarize(devices, hsmStatus),
      favorites: favoritesOf(devices),
      rooms: groupByRoom(listed),
    };
  }, [devices, hsmStatus]);

  if (loading && !data) {
    return (
      <Group justify="center" py="xl">
        <Loader aria-label="Loading devices" />
      </Group>
    );
  }
  if (error && !data)
    return (
      <Alert color="red" title="Devices could not be loaded">
        {errorInfo(error).message}
      </Alert>
    );
  const hub = data!.hub;
  const { summary, favorites, rooms } = view!;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Dashboard</Title>
        <HubControls
          mode={hub.mode}
          modes={hub.modes.map((m) => m.name)}
          hsmStatus={hub.hsmStatus}
          access={hub.myAccess}
        />
      </Group>
      {hub.configured && !hub.connected && (
        <Alert color="orange" title="The hub is not connected" data-testid="hub-disconnected">
          {hub.problem ?? "Homegraph cannot reach the hub."} Device states may be out of date, and commands may fail.
        </Alert>
      )}
      {!hub.configured && (
        <Alert color="gray" title="No hub configured">
          Set HUBITAT_HUB_IP or HUBITAT_CLOUD_URL for the home service.
        </Alert>
      )}
      {!live && (
        <Alert color="yellow" data-testid="live-paused">
          Live updates are paused: reconnecting…
        </Alert>
      )}
      <SummaryStrip summary={summary} />
      {favorites.length > 0 ? (
        <section aria-labelledby="favorites" data-testid="favorites">
          <Title order={3} size="h4" mb="xs" id="favorites">
            Favourites
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 4 }} spacing="sm">
            {favorites.map((device) => (
              <DeviceCard key={device.id} device={device} />
            ))}
          </SimpleGrid>
        </section>
      ) : (
        <Text size="sm" c="dimmed" data-testid="favorites-hint">
          Star a device (☆) to keep it here, at the top, on every browser you sign in to.
        </Text>
      )}
      <div style={ROOM_COLUMNS} data-testid="rooms">
        {rooms.map(({ room, devices: inRoom }, i) => (
          <RoomTile key={room} title={room} devices={inRoom} index={String(i)} testId="room" style={ROOM_TILE} />
        ))}
      </div>
      {summary.removed.length > 0 && (
        <RoomTile title="Removed from the hub" devices={summary.removed} index="removed" testId="removed-devices" />
      )}
    </Stack>
  );
}
