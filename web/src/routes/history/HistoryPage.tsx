import { useQuery } from "@apollo/client/react";
import { Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { QueryError } from "../../lib/query-error";
import { EnergyChart, PowerChart, ReadingChart, type ChartWindow } from "./HistoryCharts";
import {
  RANGES,
  chartableAttributes,
  chartableDevices,
  energyResolution,
  hasAttribute,
  isRange,
  rangeOf,
  type RangeName,
} from "./history-model";
import { HISTORY_DEVICES } from "./operations";

/** /history?device=ID&attribute=temperature&range=week: a device's readings over a day to a year. */
export default function HistoryPage() {
  const [params, setParams] = useSearchParams();
  const { data, loading, error } = useQuery(HISTORY_DEVICES);
  const devices = useMemo(() => chartableDevices(data?.devices ?? []), [data]);
  const device = devices.find((d) => d.id === params.get("device")) ?? devices[0];
  const attributes = chartableAttributes(device);
  const picked = params.get("attribute");
  const attribute = picked && attributes.includes(picked) ? picked : attributes[0];
  const rangeParam = params.get("range");
  const range: RangeName = isRange(rangeParam) ? rangeParam : "week";
  // The window ends when the choice was made, so the charts' queries do not change on every render.
  const [now, setNow] = useState(() => Math.ceil(Date.now() / 60_000) * 60_000);
  const deviceId = device?.id;
  const deviceLabel = device?.label ?? "";
  const chartWindow = useMemo<ChartWindow | null>(
    () => (deviceId ? { deviceId, deviceLabel, range, ...rangeOf(range, now) } : null),
    [deviceId, deviceLabel, range, now],
  );

  const choose = (key: string, value: string | null) => {
    setNow(Math.ceil(Date.now() / 60_000) * 60_000);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        if (key === "device") next.delete("attribute");
        return next;
      },
      { replace: true },
    );
  };

  if (loading && !data) {
    return (
      <Group justify="center" py="xl">
        <Loader aria-label="Loading the devices" />
      </Group>
    );
  }
  return (
    <Stack gap="lg">
      <Stack gap={2}>
        <Title order={2}>History</Title>
        <Text size="sm" c="dimmed">
          Every reading for recent days; hourly and daily lowest, highest and mean for up to years back.
        </Text>
      </Stack>
      <QueryError error={error} />
      {!devices.length && !error ? (
        <Text c="dimmed">No device reports numbers to chart yet.</Text>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select
              label="Device"
              data={devices.map((d) => ({ value: d.id, label: d.room ? `${d.label} (${d.room})` : d.label }))}
              value={device?.id ?? null}
              onChange={(v) => choose("device", v)}
              allowDeselect={false}
              searchable
            />
            <Select
              label="Reading"
              data={attributes}
              value={attribute ?? null}
              onChange={(v) => choose("attribute", v)}
              allowDeselect={false}
              disabled={!attributes.length}
              placeholder={attributes.length ? undefined : "Only power and energy"}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="history-range">
                Range
              </Text>
              <SegmentedControl
                aria-labelledby="history-range"
                data={RANGES.map((r) => ({ value: r.value, label: r.label }))}
                value={range}
                onChange={(v) => choose("range", v)}
                fullWidth
              />
            </Stack>
          </SimpleGrid>
          {device?.historyRetention && (
            <Text size="xs" c="dimmed" data-testid="history-retention">
              Every reading is kept {device.historyRetention.eventDays} days; hourly and daily figures{" "}
              {device.historyRetention.rollupDays} days.
            </Text>
          )}
          {chartWindow && (
            <Stack gap="md">
              {attribute && (
                <ReadingChart key={`${chartWindow.deviceId}-${attribute}`} window={chartWindow} attribute={attribute} />
              )}
              {(hasAttribute(device, "power") || hasAttribute(device, "energy")) && (
                <SimpleGrid
                  cols={{ base: 1, md: hasAttribute(device, "power") && hasAttribute(device, "energy") ? 2 : 1 }}
                  spacing="md"
                >
                  {hasAttribute(device, "power") && <PowerChart window={chartWindow} />}
                  {hasAttribute(device, "energy") && (
                    <EnergyChart window={chartWindow} resolution={energyResolution(range)} />
                  )}
                </SimpleGrid>
              )}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
