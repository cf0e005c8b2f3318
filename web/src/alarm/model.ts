// What HSM's statuses and alerts mean to a person, and how the panel shows them.

export type AlarmTone = "disarmed" | "arming" | "armed" | "alert" | "unknown";

const STATUS_LABELS: Record<string, string> = {
  disarmed: "Disarmed",
  allDisarmed: "Disarmed",
  armedAway: "Armed away",
  armedHome: "Armed home",
  armedNight: "Armed night",
  armingAway: "Arming away",
  armingHome: "Arming home",
  armingNight: "Arming night",
};

/** Short enough for the header on a phone. */
const SHORT_LABELS: Record<string, string> = {
  disarmed: "Off",
  allDisarmed: "Off",
  armedAway: "Away",
  armedHome: "Home",
  armedNight: "Night",
  armingAway: "Arming",
  armingHome: "Arming",
  armingNight: "Arming",
};

const ALERT_LABELS: Record<string, string> = {
  intrusion: "Intrusion",
  "intrusion-home": "Intrusion (armed home)",
  "intrusion-night": "Intrusion (armed night)",
  smoke: "Smoke",
  water: "Water leak",
  rule: "Alert from a rule",
  arming: "Arming failed",
  cancel: "Alert cancelled",
};

export function statusLabel(status: string | null | undefined): string {
  if (!status) return "Unknown";
  return STATUS_LABELS[status] ?? status;
}

export function shortStatusLabel(status: string | null | undefined): string {
  if (!status) return "?";
  return SHORT_LABELS[status] ?? status;
}

export function alertLabel(kind: string): string {
  return ALERT_LABELS[kind] ?? kind;
}

export function isArming(status: string | null | undefined): boolean {
  return !!status && status.startsWith("arming");
}

export function toneOf(status: string | null | undefined, alerting: boolean): AlarmTone {
  if (alerting) return "alert";
  if (!status) return "unknown";
  if (isArming(status)) return "arming";
  if (status.startsWith("armed")) return "armed";
  if (status === "disarmed" || status === "allDisarmed") return "disarmed";
  return "unknown";
}

export const TONE_COLORS: Record<AlarmTone, string> = {
  disarmed: "teal",
  arming: "yellow",
  armed: "blue",
  alert: "red",
  unknown: "gray",
};

/** Whole seconds left until `until`, never below 0; null when the end is not known. */
export function secondsLeft(until: string | null | undefined, now: number): number | null {
  if (!until) return null;
  return Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
}

/** One line of the alarm's history. */
export function historyLabel(entry: { kind: string; value: string }): string {
  return entry.kind === "alert" ? alertLabel(entry.value) : statusLabel(entry.value);
}
