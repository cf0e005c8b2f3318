import type { DeviceHistoryQuery, HistoryDevicesQuery } from "../../gql/graphql";

export type HistoryDevice = HistoryDevicesQuery["devices"][number];
export type HistoryPointData = DeviceHistoryQuery["deviceHistory"]["points"][number];

export const RANGES = [
  { value: "day", label: "Day", ms: 86_400_000 },
  { value: "week", label: "Week", ms: 7 * 86_400_000 },
  { value: "month", label: "Month", ms: 30 * 86_400_000 },
  { value: "year", label: "Year", ms: 365 * 86_400_000 },
] as const;
export type RangeName = (typeof RANGES)[number]["value"];

export const isRange = (value: string | null): value is RangeName => RANGES.some((r) => r.value === value);

/** The range ending now: [from, to) as ISO times. */
export function rangeOf(range: RangeName, now: number): { from: string; to: string } {
  const ms = RANGES.find((r) => r.value === range)!.ms;
  return { from: new Date(now - ms).toISOString(), to: new Date(now).toISOString() };
}

/** Attributes whose readings are numbers, the ones a history can chart (power and energy have their own charts). */
export function chartableAttributes(device: HistoryDevice | undefined): string[] {
  if (!device) return [];
  return device.attributes
    .filter((a) => a.dataType === "NUMBER" && a.name !== "power" && a.name !== "energy")
    .map((a) => a.name);
}

export const hasAttribute = (device: HistoryDevice | undefined, name: string) =>
  Boolean(device?.attributes.some((a) => a.name === name));

/** Devices with something to chart, by room and label. */
export function chartableDevices(devices: readonly HistoryDevice[]): HistoryDevice[] {
  return devices.filter((d) => chartableAttributes(d).length || hasAttribute(d, "power") || hasAttribute(d, "energy"));
}

/** Energy is drawn per hour over a day or a week, per day beyond. */
export const energyResolution = (range: RangeName) => (range === "day" || range === "week" ? "HOUR" : "DAY");

/** The x-axis label of a point: hours on a day, days and hours on a week, dates beyond. */
export function axisLabel(iso: string, range: RangeName): string {
  const options: Intl.DateTimeFormatOptions =
    range === "day"
      ? { hour: "2-digit", minute: "2-digit" }
      : range === "week"
        ? { weekday: "short", hour: "2-digit" }
        : { month: "short", day: "numeric" };
  return new Date(iso).toLocaleString([], options);
}

const round = (n: number) => Math.round(n * 100) / 100;

/** What the band-and-line chart draws: the min–max band as a range, the mean as a line. */
export function bandData(points: readonly HistoryPointData[], range: RangeName) {
  return points.map((p) => ({
    time: axisLabel(p.at, range),
    band: [round(p.min), round(p.max)] as [number, number],
    mean: round(p.mean),
  }));
}

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
const field = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The chart's data as CSV: a header row, then one row per point with its ISO time (UTC), as a
 * spreadsheet opens it.
 */
export function historyCsv(
  points: readonly HistoryPointData[],
  meta: { device: string; attribute: string; unit?: string | null },
): string {
  const unit = meta.unit ? ` (${meta.unit})` : "";
  const header = ["time", `min${unit}`, `max${unit}`, `mean${unit}`, "readings", `increase${unit}`];
  const rows = points.map((p) =>
    [new Date(p.at).toISOString(), p.min, p.max, p.mean, p.count, p.increase ?? ""].map(String),
  );
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}

/** A file name a download can carry: the device, the attribute and the range. */
export function csvFileName(device: string, attribute: string, range: RangeName): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
  return `${slug(device) || "device"}-${slug(attribute)}-${range}.csv`;
}
