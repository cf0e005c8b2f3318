import "@mantine/charts/styles.css";
import { useQuery, useSubscription } from "@apollo/client/react";
import { LineChart } from "@mantine/charts";
import {
  Alert,
  Anchor,
  Card,
  Group,
  Loader,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { DeviceControls } from "../../devices/controls";
import { DeviceBadges, DeviceReadings } from "../../devices/DeviceCard";
import { FavoriteStar } from "../../devices/FavoriteStar";
import { ForgetDeviceButton } from "../../devices/ForgetDevice";
import { DEVICE_UPDATED } from "../../devices/operations";
import { useDeviceActions } from "../../devices/useDeviceActions";
import { errorInfo } from "../../forms/errors";
import type { DeviceDetailQuery } from "../../gql/graphql";
import { CommandForm } from "./CommandForm";
import { chartableNames, describeValue, seriesOf } from "./history";
import { DEVICE_DETAIL, DEVICE_EVENT } from "./operations";

const EVENTS = 200;
const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "—");

type Detail = NonNullable<DeviceDetailQuery["device"]>;

function History({ events }: { events: DeviceDetailQuery["deviceEvents"] }) {
  const names = chartableNames(events);
  const [picked, setPicked] = useState<string>();
  const name = picked && names.includes(picked) ? picked : names[0];
  const data = useMemo(() => {
    const points = name ? seriesOf(events, name) : [];
    const spanMs = points.length ? points[points.length - 1]!.time - points[0]!.time : 0;
    // Seconds matter on a short history; days on a long one.
    const format: Intl.DateTimeFormatOptions =
      spanMs < 10 * 60_000
        ? { hour: "2-digit", minute: "2-digit", second: "2-digit" }
        : spanMs < 24 * 3_600_000
          ? { hour: "2-digit", minute: "2-digit" }
          : { month: "short", day: "numeric", hour: "2-digit" };
    return points.map((p) => ({ time: new Date(p.time).toLocaleString([], format), [name!]: p.value }));
  }, [events, name]);
  if (!name) return <Text c="dimmed">Not enough readings yet to draw a history.</Text>;
  return (
    <Stack gap="sm">
      {names.length > 1 && <SegmentedControl aria-label="Reading" data={names} value={name} onChange={setPicked} />}
      <LineChart
        h={240}
        data={data}
        dataKey="time"
        series={[{ name, color: "teal.6" }]}
        curveType="monotone"
        withDots={data.length < 40}
        aria-label={`${name} over time`}
        data-testid="history-chart"
      />
    </Stack>
  );
}

function Commands({ device }: { device: Detail }) {
  const actions = useDeviceActions(device);
  return <CommandForm commands={device.commands} onSend={actions.sendCommand} />;
}

export default function DevicePage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const { data, loading, error, updateQuery } = useQuery(DEVICE_DETAIL, { variables: { id, limit: EVENTS } });
  useSubscription(DEVICE_UPDATED, { variables: { deviceIds: [id] } });
  useSubscription(DEVICE_EVENT, {
    variables: { deviceId: id },
    onData: ({ data: { data: d } }) => {
      const event = d?.deviceEvent;
      if (!event) return;
      updateQuery((_, { complete, previousData: prev }) => {
        if (!complete || prev.deviceEvents.some((e) => e.id === event.id)) return;
        return { ...prev, deviceEvents: [event, ...prev.deviceEvents].slice(0, EVENTS) };
      });
    },
  });

  if (loading && !data) {
    return (
      <Group justify="center" py="xl">
        <Loader aria-label="Loading the device" />
      </Group>
    );
  }
  if (error && !data) return <Alert color="red">{errorInfo(error).message}</Alert>;
  const device = data?.device;
  if (!device) {
    return (
      <Alert color="gray" title="No such device">
        <Anchor component={Link} to="/">
          Back to the dashboard
        </Anchor>
      </Alert>
    );
  }
  const events = data!.deviceEvents ?? [];

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/" size="sm">
        ← Dashboard
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2}>{device.label}</Title>
          <Text size="sm" c="dimmed">
            {[device.room, device.type].filter(Boolean).join(" · ")}
          </Text>
        </Stack>
        <Group gap="xs">
          <DeviceBadges device={device} />
          <FavoriteStar device={device} />
          <ForgetDeviceButton device={device} onForgotten={() => navigate("/", { replace: true })} />
        </Group>
      </Group>
      {device.removed && (
        <Alert color="gray" title="Removed from the hub" data-testid="device-removed">
          The hub no longer lists {device.label}
          {device.removedAt ? ` (since ${time(device.removedAt)})` : ""}: its history is kept, and the dashboard stops
          showing it after a while. An admin may forget it for good.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder>
          <Stack gap="sm">
            <Title order={3} size="h4">
              Controls
            </Title>
            <DeviceReadings device={device} />
            {!device.removed && <DeviceControls device={device} />}
            <Text size="xs" c="dimmed">
              Last changed {time(device.lastChangedAt)}
              {device.lastChangedBy ? ` by ${device.lastChangedBy.displayName}` : ""}
            </Text>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="sm">
            <Group justify="space-between" gap="xs">
              <Title order={3} size="h4">
                History
              </Title>
              <Anchor component={Link} to={`/history?device=${device.id}`} size="sm">
                Days to years →
              </Anchor>
            </Group>
            <History events={events} />
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            Attributes
          </Title>
          <Table.ScrollContainer minWidth={320}>
            <Table striped data-testid="attributes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Value</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {device.attributes.map((a) => (
                  <Table.Tr key={a.name}>
                    <Table.Td>{a.name}</Table.Td>
                    <Table.Td>
                      {a.value === null || a.value === undefined
                        ? "—"
                        : typeof a.value === "object"
                          ? JSON.stringify(a.value)
                          : `${String(a.value)}${a.unit ? ` ${a.unit}` : ""}`}
                    </Table.Td>
                    <Table.Td>{time(a.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            Commands
          </Title>
          <Commands device={device} />
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">
          Events
        </Title>
        {events.length === 0 ? (
          <Text c="dimmed">No events yet.</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table data-testid="events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Value</Table.Th>
                  <Table.Th>Source</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{time(e.createdAt)}</Table.Td>
                    <Table.Td>{e.name}</Table.Td>
                    <Table.Td>{describeValue(e)}</Table.Td>
                    <Table.Td>
                      {e.source.toLowerCase()}
                      {e.changedBy ? ` · ${e.changedBy.displayName}` : ""}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}
