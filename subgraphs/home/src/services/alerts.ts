// The home's built-in alerts, written to the outbox (outbox.ts) for the email service's
// POST /notifications: HSM's alarms, a contact opened while armed away, a low battery, a device
// gone quiet, a hub away. Judged after the change is stored, on a queue of their own, so event
// intake never waits for them; each has a dedupe key that makes it once per opening, per device a
// day, per silence or per outage, however many replicas hear the same thing.
import type { Logger, Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { DeviceEvent } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import type { HomeConfig } from "../config.js";
import type { ChangeListener, DeviceChange, HubChange } from "./device-changes.js";
import { oneLine, type NotificationMessage, type Outbox } from "./outbox.js";

/** Capabilities of devices that report by themselves (a light only reports when switched). */
const REPORTING = /Sensor$|Measurement$|^Battery$|^PowerMeter$|^EnergyMeter$/;

const ALARM_WORDS: Record<string, string> = {
  intrusion: "Intrusion",
  "intrusion-home": "Intrusion (armed home)",
  "intrusion-night": "Intrusion (armed night)",
  smoke: "Smoke",
  water: "Water leak",
  arming: "Arming failed",
  rule: "Alarm rule",
};

export interface AlertHubs {
  /** Whether this hub is configured (one that is not is never "down"). */
  isConfigured(name: string): boolean;
  names: string[];
}

const where = (d: Pick<Device, "label" | "room">) => oneLine(d.room ? `${d.label} (${d.room})` : d.label);

export class AlertWatcher implements ChangeListener {
  private queue: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private readonly logger: Logger;

  constructor(
    private readonly orm: Orm,
    private readonly outbox: Outbox,
    private readonly hubs: AlertHubs,
    private readonly limits: HomeConfig["alerts"],
    logger: Logger,
  ) {
    this.logger = logger.child({ component: "alerts" });
  }

  /** How often quiet devices and away hubs are looked for: a quarter of the shorter wait, 0.2 s to a minute. */
  get checkMs(): number {
    return Math.max(200, Math.min(60_000, Math.min(this.limits.hubDownMs, this.limits.deviceOfflineMs) / 4));
  }

  start(): void {
    this.timer = setInterval(() => this.enqueue(() => this.check()), this.checkMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.queue;
  }

  /** Everything heard so far has been judged (tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  deviceChanged(change: DeviceChange): void {
    if (!change.events.length) return;
    this.enqueue(() => this.onDevice(change));
  }

  hubChanged(state: HubState, what: HubChange): void {
    if (what === "hsmAlert" && state.hsmAlert) {
      const alert = state.hsmAlert;
      this.enqueue(() => this.onAlarm(state.hub, alert.kind, alert.text, alert.at));
    } else if (what === "connection" && state.connected) {
      this.enqueue(() => this.onHubBack(state.hub));
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err) => this.logger.error({ err }, "an alert could not be judged"));
  }

  private em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  private async send(message: NotificationMessage): Promise<void> {
    if (await this.outbox.notify(message)) {
      this.logger.info({ kind: message.kind, dedupeKey: message.dedupeKey }, "alert queued for the email service");
    }
  }

  private async onDevice({ device, events }: DeviceChange): Promise<void> {
    for (const event of events) {
      if (event.name === "contact" && event.value === "open") await this.onOpened(device, event);
      else if (event.name === "battery") await this.onBattery(device, event);
    }
  }

  private async onOpened(device: Device, event: DeviceEvent): Promise<void> {
    const state = await this.em().findOne(HubState, { hub: device.hub });
    if (state?.hsmStatus !== "armedAway") return;
    await this.send({
      audience: { role: "ADMIN", viewersOfDevice: device.id },
      kind: "SECURITY",
      severity: "CRITICAL",
      title: `${oneLine(device.label)} opened`,
      body: `${where(device)} opened while the alarm is armed away.`,
      url: `/devices/${device.id}`,
      dedupeKey: `contact-open:${device.id}:${event.id}`,
    });
  }

  private async onBattery(device: Device, event: DeviceEvent): Promise<void> {
    const percent = Number(event.value);
    if (event.value == null || !Number.isFinite(percent) || percent >= this.limits.batteryPercent) return;
    const day = event.createdAt.toISOString().slice(0, 10);
    await this.send({
      audience: { role: "ADMIN", viewersOfDevice: device.id },
      kind: "DEVICE_HEALTH",
      severity: "WARNING",
      title: `${oneLine(device.label)}: battery ${percent} %`,
      body: `The battery of ${where(device)} is at ${percent} %: replace or recharge it soon.`,
      url: `/devices/${device.id}`,
      dedupeKey: `battery:${device.id}:${day}`,
    });
  }

  private async onAlarm(hub: string, kind: string, text: string | null, at: string): Promise<void> {
    const words = ALARM_WORDS[kind] ?? `Alarm: ${kind}`;
    await this.send({
      audience: { role: "ADMIN", viewersOfAlarm: true },
      kind: "ALARM",
      severity: "CRITICAL",
      title: `${words}${this.hubs.names.length > 1 ? ` (${hub})` : ""}`,
      body: oneLine(text ? `The alarm went off: ${text}.` : "The alarm went off."),
      url: "/alarm",
      dedupeKey: `hsm-alert:${hub}:${kind}:${at}`,
    });
  }

  private hubWords(hub: string): string {
    return this.hubs.names.length > 1 ? `The hub "${hub}"` : "The hub";
  }

  /** The hub answers again: "back online", when its going away was announced. */
  private async onHubBack(hub: string): Promise<void> {
    const [down] = await this.em().execute<{ dedupe_key: string }[]>(
      `select "dedupe_key" from "home"."outbox" where "dedupe_key" like ? order by "id" desc limit 1`,
      [`hub-down:${hub.replace(/[\\%_]/g, "\\$&")}:%`],
    );
    if (!down) return;
    await this.send({
      audience: { role: "ADMIN" },
      kind: "SYSTEM",
      severity: "INFO",
      title: `${this.hubWords(hub)} is back online`,
      body: `${this.hubWords(hub)} answers again; the devices show their current state.`,
      url: "/",
      dedupeKey: down.dedupe_key.replace(/^hub-down:/, "hub-up:"),
    });
  }

  /** Hubs away too long and devices quiet too long. */
  private async check(): Promise<void> {
    const em = this.em();
    const states = await em.find(HubState, {}, { refresh: true });
    const now = Date.now();
    for (const state of states) {
      const since = state.disconnectedSince;
      if (state.connected || !since || !this.hubs.isConfigured(state.hub)) continue;
      if (now - since.getTime() < this.limits.hubDownMs) continue;
      const minutes = Math.max(1, Math.round((now - since.getTime()) / 60_000));
      await this.send({
        audience: { role: "ADMIN" },
        kind: "SYSTEM",
        severity: "WARNING",
        title: `${this.hubWords(state.hub)} is not answering`,
        body: `${this.hubWords(state.hub)} has not answered for ${minutes} min: devices show their last known state and commands wait. ${oneLine(state.lastError ?? "")}`.trim(),
        url: "/",
        dedupeKey: `hub-down:${state.hub}:${since.getTime()}`,
      });
    }
    const connected = states.filter((s) => s.connected).map((s) => s.hub);
    if (connected.length) await this.checkDevices(em, connected, now);
  }

  private async checkDevices(em: EntityManager, hubs: string[], now: number): Promise<void> {
    const devices = await em.find(Device, { hub: { $in: hubs }, removedAt: null, online: true });
    for (const device of devices) {
      const driverSaysOffline = device.attributes.some((a) => a.name === "healthStatus" && a.value === "offline");
      const reports = device.capabilities.some((c) => REPORTING.test(c));
      const last = device.lastEventAt ?? device.createdAt;
      const silent = reports && now - last.getTime() >= this.limits.deviceOfflineMs;
      if (!driverSaysOffline && !silent) continue;
      const hours = Math.round((now - last.getTime()) / 3_600_000);
      await this.send({
        audience: { role: "ADMIN", viewersOfDevice: device.id },
        kind: "DEVICE_HEALTH",
        severity: "WARNING",
        title: `${oneLine(device.label)} is offline`,
        body: driverSaysOffline
          ? `${where(device)} is reported offline by its driver.`
          : `${where(device)} has not reported for ${hours < 1 ? "under an hour" : `${hours} h`}: check its battery or connection.`,
        url: `/devices/${device.id}`,
        dedupeKey: `offline:${device.id}:${device.lastEventAt?.getTime() ?? "never"}`,
      });
    }
  }
}
