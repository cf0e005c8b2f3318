import "@mantine/charts/styles.css";
import { useQuery } from "@apollo/client/react";
import { AreaChart, BarChart, LineChart } from "@mantine/charts";
import { Button, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Area } from "recharts";
import { QueryError } from "../../lib/query-error";
import { downloadText } from "../../lib/download";
import type { HistoryResolution } from "../../gql/graphql";
import { axisLabel, bandData, csvFileName, historyCsv, type HistoryPointData, type RangeName } from "./history-model";
import { DEVICE_HISTORY } from "./operations";

export interface ChartWindow {
  deviceId: string;
  deviceLabel: string;
  range: RangeName;
  from: string;
  to: string;
}

const number = (value: unknown): string =>
  Array.isArray(value)
    ? value.map((v: unknown) => number(v)).join(" – ")
    : typeof value === "number"
      ? value.toLocaleString([], { maximumFractionDigits: 2 })
      : String(value);

/** One attribute's history over the window, with the card around its chart and its CSV download. */
function HistoryCard({
  window: w,
  attribute,
  title,
  resolution,
  testId,
  chart,
}: {
  window: ChartWindow;
  attribute: string;
  title: string;
  resolution?: HistoryResolution;
  testId: string;
  chart: (points: readonly HistoryPointData[], unit: string, resolution: HistoryResolution) => ReactNode;
}) {
  const { data, loading, error } = useQuery(DEVICE_HISTORY, {
    variables: { deviceId: w.deviceId, attribute, from: w.from, to: w.to, resolution },
  });
  const history = data?.deviceHistory;
  const points = history?.points ?? [];
  const unit = history?.unit ?? "";
  const download = () =>
    downloadText(
      csvFileName(w.deviceLabel, attribute, w.range),
      historyCsv(points, { device: w.deviceLabel, attribute, unit: history?.unit }),
    );
  return (
    <Card withBorder data-testid={testId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={0}>
            <Title order={3} size="h4">
              {title}
              {history?.unit ? ` (${history.unit})` : ""}
            </Title>
            {history && (
              <Text size="xs" c="dimmed">
                {points.length}{" "}
                {history.resolution === "RAW" ? "readings" : `${history.resolution.toLowerCase()}ly points`}
              </Text>
            )}
          </Stack>
          <Button size="xs" variant="light" onClick={download} disabled={!points.length}>
            Download CSV
          </Button>
        </Group>
        <QueryError error={error} />
        {loading && !history ? (
          <Group justify="center" h={240}>
            <Loader aria-label={`Loading the ${attribute} history`} />
          </Group>
        ) : points.length ? (
          chart(points, unit, history!.resolution)
        ) : (
          !error && <Text c="dimmed">No {attribute} readings in this range.</Text>
        )}
      </Stack>
    </Card>
  );
}

/** A reading's range as a band (lowest to highest of each bucket) and its mean as a line. */
export function ReadingChart({ window: w, attribute }: { window: ChartWindow; attribute: string }) {
  return (
    <HistoryCard
      window={w}
      attribute={attribute}
      title={attribute}
      testId="history-reading"
      chart={(points, _unit, resolution) => (
        <Stack gap={4}>
          <AreaChart
            h={280}
            data={bandData(points, w.range)}
            dataKey="time"
            series={[{ name: "mean", color: "teal.8" }]}
            fillOpacity={0}
            withDots={points.length < 40}
            valueFormatter={number as (value: number) => string}
            yAxisProps={{ domain: ["auto", "auto"] }}
            curveType="monotone"
            aria-label={`${attribute} over the ${w.range}`}
            data-testid="history-chart"
          >
            {/* Mantine's series are single values; recharts draws a [low, high] pair as a band. */}
            <Area
              dataKey="band"
              name="lowest – highest"
              type="monotone"
              stroke="none"
              fill="var(--mantine-color-teal-4)"
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          </AreaChart>
          <Text size="xs" c="dimmed">
            {resolution === "RAW"
              ? "Each reading as reported."
              : `Band: lowest to highest in each ${resolution === "DAY" ? "day" : "hour"}; line: the mean.`}
          </Text>
        </Stack>
      )}
    />
  );
}

/** Power (W): the mean of each bucket and its peak. */
export function PowerChart({ window: w }: { window: ChartWindow }) {
  return (
    <HistoryCard
      window={w}
      attribute="power"
      title="Power"
      testId="history-power"
      chart={(points) => (
        <LineChart
          h={220}
          data={points.map((p) => ({ time: axisLabel(p.at, w.range), mean: p.mean, peak: p.max }))}
          dataKey="time"
          series={[
            { name: "mean", color: "orange.6" },
            { name: "peak", color: "red.6", strokeDasharray: "4 4" },
          ]}
          withDots={points.length < 40}
          withLegend
          valueFormatter={number as (value: number) => string}
          aria-label={`power over the ${w.range}`}
        />
      )}
    />
  );
}

/** Energy (kWh): how much the meter counted in each hour or day, resets included. */
export function EnergyChart({ window: w, resolution }: { window: ChartWindow; resolution: HistoryResolution }) {
  return (
    <HistoryCard
      window={w}
      attribute="energy"
      title="Energy used"
      resolution={resolution}
      testId="history-energy"
      chart={(points, unit) => {
        const total = points.reduce((sum, p) => sum + (p.increase ?? 0), 0);
        return (
          <Stack gap="xs">
            <Text size="sm" data-testid="energy-total">
              {number(total)} {unit || "kWh"} in this {w.range}
            </Text>
            <BarChart
              h={220}
              data={points.map((p) => ({ time: axisLabel(p.at, w.range), used: p.increase ?? 0 }))}
              dataKey="time"
              series={[{ name: "used", color: "yellow.6" }]}
              valueFormatter={number as (value: number) => string}
              aria-label={`energy used per ${resolution === "HOUR" ? "hour" : "day"}`}
            />
          </Stack>
        );
      }}
    />
  );
}
