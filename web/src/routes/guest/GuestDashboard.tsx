import { useQuery, useSubscription } from "@apollo/client/react";
import { Alert, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useEffect, useMemo } from "react";
import { useNow } from "../../alarm/useAlarmLive";
import { useLiveConnected } from "../../apollo/live-state";
import { DeviceCard } from "../../devices/DeviceCard";
import { groupByRoom } from "../../devices/model";
import { DEVICE_UPDATED } from "../../devices/operations";
import { errorInfo } from "../../forms/errors";
import { at } from "../../lib/time";
import { useSessionStore } from "../../session/SessionContext";
import { GUEST_HOME } from "./operations";
import { timeLeft } from "./pass-time";

/** After the end, how often the session is asked whether auth has closed the pass yet. */
const CHECK_ENDED_MS = 2_000;

/**
 * What a guest sees: when the pass ends (counting down), and the devices it opens, live. The end
 * itself arrives as the session's revocation (the socket closes, the refresh answers PASS_ENDED);
 * at zero the page also asks, in case the socket was away.
 */
export default function GuestDashboard() {
  const { data, error, loading } = useQuery(GUEST_HOME);
  useSubscription(DEVICE_UPDATED);
  const live = useLiveConnected();
  const store = useSessionStore();
  const pass = data?.myGuestPass;
  const until = pass ? Date.parse(pass.validUntil) : undefined;
  const now = useNow(!!until);
  const over = until !== undefined && now >= until;

  useEffect(() => {
    if (!over) return;
    const ask = () => void store.refresh().catch(() => undefined);
    const first = setTimeout(ask, 1_000);
    const timer = setInterval(ask, CHECK_ENDED_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [over, store]);

  const rooms = useMemo(() => groupByRoom((data?.devices ?? []).filter((d) => !d.removed)), [data?.devices]);

  if (loading && !data) {
    return (
      <Group justify="center" py="xl">
        <Loader aria-label="Loading devices" />
      </Group>
    );
  }
  if (error && !data) {
    return (
      <Alert color="red" title="Devices could not be loaded">
        {errorInfo(error).message}
      </Alert>
    );
  }

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" data-testid="guest-pass">
        <Title order={2} size="h3">
          Welcome{pass ? `, ${pass.guestName}` : ""}
        </Title>
        {pass && (
          <Text size="sm" mt={4}>
            Your guest pass ends {at(pass.validUntil)}
            {over ? (
              <> (ending now…)</>
            ) : (
              <>
                {" "}
                — in <span data-testid="guest-time-left">{timeLeft(until!, now)}</span>
              </>
            )}
            .
          </Text>
        )}
      </Paper>
      {!live && (
        <Alert color="yellow" data-testid="live-paused">
          Live updates are paused: reconnecting…
        </Alert>
      )}
      {rooms.length === 0 ? (
        <Text c="dimmed">This pass opens no devices right now.</Text>
      ) : (
        rooms.map(({ room, devices }) => (
          <section key={room} aria-label={room} data-testid="guest-room">
            <Title order={3} size="h4" mb="xs">
              {room}
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
              {devices.map((device) => (
                <DeviceCard key={device.id} device={device} plain />
              ))}
            </SimpleGrid>
          </section>
        ))
      )}
    </Stack>
  );
}
