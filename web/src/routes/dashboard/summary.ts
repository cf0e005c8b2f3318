import { attr, has, numberAttr, type Device } from "../../devices/model";

// What the top of the dashboard says about the house, from the devices the dashboard already
// shows: recomputed on every change the cache receives, so it is as live as the cards.

/** Below this a battery is worth replacing soon. */
export const LOW_BATTERY_PERCENT = 20;

export interface HouseSummary {
  /** Lights that are on, each to be turned off by its own command. */
  lightsOn: Device[];
  /** Contact sensors reporting open (doors, windows). */
  openContacts: Device[];
  /** Locks not reporting `locked` (unlocked, jammed, unknown). */
  unlockedLocks: Device[];
  /** Devices reporting a battery under LOW_BATTERY_PERCENT, emptiest first. */
  lowBatteries: Device[];
  /** Devices the hub lists but that are offline or whose values may be out of date. */
  unreachable: Device[];
  /** Devices the hub no longer lists (shown during the server's grace period). */
  removed: Device[];
  alarm: AlarmSummary;
}

export interface AlarmSummary {
  status: string | null;
  armed: boolean;
  /** The hub reports an intrusion or another alert. */
  alerting: boolean;
  label: string;
}

const LIGHT_CAPABILITIES = ["Light", "Bulb", "ColorControl", "ColorTemperature"];
const LIGHT_WORDS = /\b(light|lights|lamp|bulb|dimmer|sconce|chandelier)\b/i;

/** A switch that lights something: Hubitat's Light capability, a colour bulb, or a name that says so. */
export function isLight(device: Device): boolean {
  if (!has(device, "Switch")) return false;
  return LIGHT_CAPABILITIES.some((c) => has(device, c)) || LIGHT_WORDS.test(device.label);
}

const HSM_LABELS: Record<string, string> = {
  disarmed: "Disarmed",
  allDisarmed: "Disarmed",
  armedAway: "Armed away",
  armingAway: "Arming away",
  armedHome: "Armed home",
  armingHome: "Arming home",
  armedNight: "Armed night",
  armingNight: "Arming night",
  intrusion: "Intrusion!",
  "intrusion-home": "Intrusion!",
  "intrusion-night": "Intrusion!",
};

export function alarmSummary(status: string | null | undefined): AlarmSummary {
  const s = status ?? null;
  const alerting = s !== null && /intrusion|alert/i.test(s);
  return {
    status: s,
    armed: s !== null && /^arm/i.test(s),
    alerting,
    label: s === null ? "Unknown" : (HSM_LABELS[s] ?? s),
  };
}

const byLabel = (a: Device, b: Device) => a.label.localeCompare(b.label);

export function summarize(devices: readonly Device[], hsmStatus: string | null | undefined): HouseSummary {
  const listed = devices.filter((d) => !d.removed);
  const battery = (d: Device) => numberAttr(d, "battery");
  return {
    lightsOn: listed.filter((d) => isLight(d) && attr(d, "switch") === "on").sort(byLabel),
    openContacts: listed.filter((d) => has(d, "ContactSensor") && attr(d, "contact") === "open").sort(byLabel),
    unlockedLocks: listed.filter((d) => has(d, "Lock") && attr(d, "lock") !== "locked").sort(byLabel),
    lowBatteries: listed
      .filter((d) => {
        const level = battery(d);
        return level !== undefined && level < LOW_BATTERY_PERCENT;
      })
      .sort((a, b) => battery(a)! - battery(b)! || byLabel(a, b)),
    unreachable: listed.filter((d) => !d.online || d.stale).sort(byLabel),
    removed: devices.filter((d) => d.removed).sort(byLabel),
    alarm: alarmSummary(hsmStatus),
  };
}

/** Starred devices first on the dashboard, in name order; removed ones stay in their own section. */
export function favoritesOf(devices: readonly Device[]): Device[] {
  return devices.filter((d) => d.favorite && !d.removed).sort(byLabel);
}
