import { CommandError } from "./hub-event.js";

/** The alerts HSM raises; `cancel` (their end) is sent by the hub itself, never raised. */
export const HSM_ALERT_KINDS = ["intrusion", "intrusion-home", "intrusion-night", "smoke", "water", "rule", "arming"];

/** Which armed status an intrusion alert needs: HSM watches for intrusions only while armed that way. */
const INTRUSION_NEEDS: Record<string, string> = {
  intrusion: "armedAway",
  "intrusion-home": "armedHome",
  "intrusion-night": "armedNight",
};

const ARMED: Record<string, string> = {
  armAway: "armedAway",
  armHome: "armedHome",
  armNight: "armedNight",
  armAll: "armedAway",
};
const DISARMED: Record<string, string> = { disarm: "disarmed", disarmAll: "allDisarmed" };

export const HSM_COMMANDS = [...Object.keys(ARMED), ...Object.keys(DISARMED), "cancelAlerts"];

type Emit = (name: "hsmStatus" | "hsmAlert", value: string, descriptionText: string) => void;

/**
 * Hubitat Safety Monitor: arming waits out the exit delay (status armingAway, then armedAway),
 * alerts are raised and cancelled (by cancelAlerts, or by disarming) as location events.
 */
export class Hsm {
  status = "disarmed";
  /** The alert in force, if any. */
  alert: string | null = null;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly emit: Emit,
    /** The exit delay HSM counts down before it is armed; 0 arms at once. */
    public exitDelayMs = 0,
  ) {}

  command(command: string): void {
    if (command === "cancelAlerts") return this.cancelAlert();
    const disarmed = DISARMED[command];
    if (disarmed) {
      this.stopArming();
      this.setStatus(disarmed);
      this.cancelAlert();
      return;
    }
    const armed = ARMED[command];
    if (!armed) throw new CommandError(400, `Unknown HSM command ${command}: use ${HSM_COMMANDS.join(", ")}`);
    const arming = armed.replace(/^armed/, "arming");
    if (this.status === armed || this.status === arming) return;
    this.stopArming();
    if (this.exitDelayMs <= 0) return this.setStatus(armed);
    this.setStatus(arming);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.setStatus(armed);
    }, this.exitDelayMs);
  }

  /** An alert as HSM raises it when a sensor it watches trips; `text` is what the hub says about it. */
  raise(kind: string, text?: string): void {
    if (!HSM_ALERT_KINDS.includes(kind)) {
      throw new CommandError(400, `Unknown HSM alert ${kind}: use ${HSM_ALERT_KINDS.join(", ")}`);
    }
    const needs = INTRUSION_NEEDS[kind];
    if (needs && this.status !== needs) {
      throw new CommandError(409, `HSM raises ${kind} only while ${needs}; it is ${this.status}`);
    }
    this.alert = kind;
    this.emit("hsmAlert", kind, text ?? kind);
  }

  stop(): void {
    this.stopArming();
  }

  private cancelAlert(): void {
    if (!this.alert) return;
    this.alert = null;
    this.emit("hsmAlert", "cancel", "cancel");
  }

  private stopArming(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private setStatus(status: string): void {
    if (status === this.status) return;
    this.status = status;
    this.emit("hsmStatus", status, "hsmEvent");
  }
}
