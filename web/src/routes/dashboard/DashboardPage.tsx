import { useQuery, useSubscription } from "@apollo/client/react";
import { Alert, Group, Loader, SimpleGrid, Stack, Title } from "@mantine/core";
import { useLiveConnected } from "../../apollo/live-state";
import { DeviceCard } from "../../devices/DeviceCard";
import { HubControls } from "../../devices/HubControls";
import { groupByRoom } from "../../devices/model";
import { DASHBOARD, DEVICE_UPDATED, HSM_STATUS_CHANGED, HUB_MODE_CHANGED, HUB_STATUS } from "../../devices/operations";
import { errorInfo } from "../../forms/errors";

/** How often the hub's connection is checked for the banner (no subscription says it). */
const HUB_POLL_MS = 15_000;

export default function DashboardPage() {
  const { data, error, loading, client } = useQuery(DASHBOARD);
  useQuery(HUB_STATUS, { pollInterval: HUB_POLL_MS, fetchPolicy: "network-only" });
  const live = useLiveConnected();

  // Each changed device arrives whole and replaces its cache entry: every card re-renders by itself.
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
  const rooms = groupByRoom(data!.devices);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Dashboard</Title>
        <HubControls mode={hub.mode} modes={hub.modes.map((m) => m.name)} hsmStatus={hub.hsmStatus} />
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
      {rooms.map(({ room, devices }, i) => (
        <section key={room} aria-labelledby={`room-${i}`} data-testid="room">
          <Title order={3} size="h4" mb="sm" id={`room-${i}`}>
            {room}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} spacing="md">
            {devices.map((device) => (
              <DeviceCard key={device.id} device={device} />
            ))}
          </SimpleGrid>
        </section>
      ))}
    </Stack>
  );
}
