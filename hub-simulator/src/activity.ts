import type { Hub, VirtualDevice } from "./hub.js";

/**
 * Background life for `npm start`: people walking past motion sensors, a door opened now and then,
 * temperatures and humidity drifting. Gentle on purpose (one event every few seconds on average),
 * so a person watching the UI sees a living home, not a storm.
 */
export function startActivity(hub: Hub, random: () => number, meanIntervalMs: number): () => void {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  };
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(random() * items.length)];
  const withCapability = (capability: string) => [...hub.devices.values()].filter((d) => d.has(capability));
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);

  const motion = () => {
    const sensor = pick(withCapability("MotionSensor").filter((d) => d.get("motion") === "inactive"));
    if (!sensor) return;
    hub.set(sensor, "motion", "active", "physical");
    later(between(15_000, 60_000), () => hub.set(sensor, "motion", "inactive", "physical"));
  };

  const door = () => {
    const contact = pick(withCapability("ContactSensor").filter((d) => d.get("contact") === "closed"));
    if (!contact) return;
    hub.set(contact, "contact", "open", "physical");
    later(between(4_000, 20_000), () => hub.set(contact, "contact", "closed", "physical"));
  };

  const drift = (device: VirtualDevice, attribute: string, step: number, lo: number, hi: number, digits: number) => {
    const current = device.number(attribute);
    const next = Math.min(hi, Math.max(lo, current + (random() - 0.5) * 2 * step));
    const factor = 10 ** digits;
    hub.set(device, attribute, Math.round(next * factor) / factor, "physical");
  };

  const climate = () => {
    const device = pick(withCapability("TemperatureMeasurement"));
    if (!device) return;
    if (device.has("Thermostat")) {
      // The room warms while the thermostat heats and cools slowly otherwise.
      const heating = device.get("thermostatOperatingState") === "heating";
      const cooling = device.get("thermostatOperatingState") === "cooling";
      const delta = heating ? 0.2 : cooling ? -0.2 : (random() - 0.6) * 0.2;
      hub.set(device, "temperature", Math.round((device.number("temperature") + delta) * 10) / 10, "physical");
      hub.updateThermostat(device);
    } else {
      drift(device, "temperature", 0.3, 15, 27, 1);
    }
  };

  const humidity = () => {
    const device = pick(withCapability("RelativeHumidityMeasurement"));
    if (device) drift(device, "humidity", 2, 30, 75, 0);
  };

  const tick = () => {
    const roll = random();
    if (roll < 0.4) motion();
    else if (roll < 0.7) climate();
    else if (roll < 0.9) humidity();
    else door();
    // An exponential pause: events arrive at random, not on a metronome.
    later(Math.min(meanIntervalMs * 4, -Math.log(1 - random()) * meanIntervalMs), tick);
  };
  later(meanIntervalMs / 2, tick);

  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
