import { executePrepared, type Logger, type Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Automation } from "../entities/automation.entity.js";
import { DeviceEventSource } from "../entities/device-event.entity.js";
import { Device } from "../entities/device.entity.js";
import { HubState } from "../entities/hub-state.entity.js";
import { inWindow, ruleSchema, type Action, type Condition, type Rule } from "./automation-rules.js";
import type { ChangeListener, DeviceChange, HubChange } from "./device-changes.js";
import type { HubLink } from "./hub-link.js";
import type { Notifier } from "./automation-notifier.js";
import { oneLine } from "./outbox.js";
import { ownerRefusal, type AutomationAccess } from "./automation-access.js";

/** How long after a rule's own action a change of that device (or mode) is taken to be its echo. */
const ECHO_MS = 15_000;

export interface AutomationEngineOptions {
  /** A rule that fires more often than this in a minute is held back until the minute has passed. */
  maxFiringsPerMinute?: number;
  /** How often the clock is checked for time triggers. Default 10 s (a minute's tick is never missed). */
  tickMs?: number;
  /** For tests: the current time. */
  now?: () => Date;
  /** Rules act with their owner's grants, read here; unset: as the household (no person). */
  access?: AutomationAccess;
  /** Told of each rule that fired (the household's activity). */
  fired?: (rule: Automation, eventId: string, event: string, device?: Device) => void;
}

interface Firing {
  rule: Automation;
  parsed: Rule;
  eventId: string;
  device?: Device;
  event: string;
}

const where = (d: Device) => (d.room ? `${d.label} (${d.room})` : d.label);

const same = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();

/**
 * Evaluates the automations when a device or the hub changes, and on a clock for time triggers.
 * Work is queued one change at a time, so two quick changes are judged in the order they happened.
 */
export class AutomationEngine implements ChangeListener {
  private queue: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private lastMinute?: string;
  private readonly firings = new Map<number, number[]>();
  /** "device:ID" or "mode" → the rule whose action changed it, and until when its echo is expected. */
  private readonly causedBy = new Map<string, { ruleId: number; until: number }>();
  private readonly logger: Logger;
  private readonly maxPerMinute: number;
  private readonly now: () => Date;

  constructor(
    private readonly orm: Orm,
    private readonly link: HubLink,
    private readonly notifier: Notifier,
    logger: Logger,
    private readonly options: AutomationEngineOptions = {},
  ) {
    this.logger = logger.child({ component: "automations" });
    this.maxPerMinute = options.maxFiringsPerMinute ?? 5;
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 10_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.queue;
  }

  /** Resolves once everything queued so far has been evaluated (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  deviceChanged(change: DeviceChange): void {
    if (!change.stateChanged) return;
    this.enqueue(() => this.onDevice(change));
  }

  hubChanged(state: HubState, what: HubChange): void {
    if (what !== "mode" || !state.mode) return;
    const mode = state.mode;
    this.enqueue(() => this.onMode(mode));
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err) => this.logger.error({ err }, "automation evaluation failed"));
  }

  private readonly em = () => this.orm.em.fork() as EntityManager;

  private async enabledRules(em: EntityManager, type: string): Promise<{ rule: Automation; parsed: Rule }[]> {
    const rules = await em.find(Automation, { enabled: true }, { orderBy: { id: "asc" } });
    const out: { rule: Automation; parsed: Rule }[] = [];
    for (const rule of rules) {
      if ((rule.trigger as { type?: unknown }).type !== type) continue;
      // Rules were validated when saved; one edited by hand in the database is skipped, not fatal.
      const parsed = ruleSchema.safeParse(rule);
      if (parsed.success) out.push({ rule, parsed: parsed.data });
      else this.logger.warn({ ruleId: rule.id }, "an automation does not parse: skipped");
    }
    return out;
  }

  private isEcho(key: string, ruleId: number): boolean {
    const mark = this.causedBy.get(key);
    return !!mark && mark.ruleId === ruleId && mark.until > Date.now();
  }

  private async onDevice(change: DeviceChange): Promise<void> {
    const em = this.em();
    const { device } = change;
    // Every hub event asks: one narrow prepared read answers "no rule watches this device", which
    // is nearly always the answer, before the rules themselves are loaded.
    const watched = await executePrepared(
      em,
      `select 1 from "home"."automations" where "enabled" and "trigger"->>'type' = 'attribute'
         and "trigger"->>'deviceId' ~ '^[0-9]{1,9}$' and ("trigger"->>'deviceId')::int = ? limit 1`,
      [device.id],
    );
    if (!watched.length) return;
    for (const { rule, parsed } of await this.enabledRules(em, "attribute")) {
      const t = parsed.trigger;
      if (t.type !== "attribute" || t.deviceId !== device.id) continue;
      if (this.isEcho(`device:${device.id}`, rule.id)) {
        this.logger.debug({ ruleId: rule.id }, "a change this rule caused: not a trigger for it");
        continue;
      }
      const event = change.events.find((e) => e.name === t.attribute && e.source !== DeviceEventSource.COMMAND);
      if (!event) continue;
      const value = device.attributes.find((a) => a.name === t.attribute)?.value;
      if (value === undefined || value === null) continue;
      const hit =
        t.becomes !== undefined
          ? same(value, t.becomes)
          : t.above !== undefined
            ? Number(value) > t.above
            : t.below !== undefined && Number(value) < t.below;
      if (!hit) continue;
      await this.fire(em, {
        rule,
        parsed,
        eventId: `event-${event.id}`,
        device,
        event: `${t.attribute} is ${String(value)}`,
      });
    }
  }

  private async onMode(mode: string): Promise<void> {
    const em = this.em();
    const at = this.now().toISOString();
    for (const { rule, parsed } of await this.enabledRules(em, "mode")) {
      const t = parsed.trigger;
      if (t.type !== "mode" || !same(t.becomes, mode)) continue;
      if (this.isEcho("mode", rule.id)) continue;
      await this.fire(em, { rule, parsed, eventId: `mode-${mode}-${at}`, event: `the mode is now ${mode}` });
    }
  }

  private tick(): void {
    const now = this.now();
    const hhmm = `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`;
    if (hhmm === this.lastMinute) return;
    this.lastMinute = hhmm;
    this.enqueue(() => this.onTime(now, hhmm));
  }

  /** Exported through the engine for tests: evaluates time triggers as of `now`. */
  async onTime(now: Date, hhmm: string): Promise<void> {
    const em = this.em();
    const minuteStart = new Date(now);
    minuteStart.setSeconds(0, 0);
    for (const { rule, parsed } of await this.enabledRules(em, "time")) {
      const t = parsed.trigger;
      if (t.type !== "time" || t.at !== hhmm) continue;
      // Every replica ticks: the one whose conditional write wins this minute fires.
      const won = await em.nativeUpdate(
        Automation,
        { id: rule.id, $or: [{ lastFiredAt: null }, { lastFiredAt: { $lt: minuteStart } }] },
        { lastFiredAt: now },
      );
      if (!won) continue;
      const date = minuteStart.toISOString().slice(0, 16);
      await this.fire(em, { rule, parsed, eventId: `time-${date}`, event: `it is ${hhmm}` }, true);
    }
  }

  private withinRate(ruleId: number): boolean {
    const now = Date.now();
    const recent = (this.firings.get(ruleId) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.maxPerMinute) {
      this.firings.set(ruleId, recent);
      return false;
    }
    recent.push(now);
    this.firings.set(ruleId, recent);
    return true;
  }

  private async conditionHolds(em: EntityManager, c: Condition): Promise<boolean> {
    if (c.type === "mode") {
      const state = await em.findOne(HubState, { hub: this.link.primaryName }, { refresh: true });
      return !!state?.mode && same(state.mode, c.is);
    }
    if (c.type === "timeWindow") return inWindow(this.now(), c.from, c.to);
    const device = await em.findOne(Device, { id: c.deviceId }, { refresh: true });
    const value = device?.attributes.find((a) => a.name === c.attribute)?.value;
    return value !== undefined && value !== null && same(value, c.equals);
  }

  private async fire(em: EntityManager, f: Firing, lastFiredStored = false): Promise<void> {
    const { rule, parsed } = f;
    for (const c of parsed.conditions) if (!(await this.conditionHolds(em, c))) return;
    if (!this.withinRate(rule.id)) {
      this.logger.warn({ ruleId: rule.id }, "an automation fired too often this minute: held back");
      return;
    }
    if (!lastFiredStored) await em.nativeUpdate(Automation, { id: rule.id }, { lastFiredAt: this.now() });
    const refusal = await ownerRefusal(em, this.options.access, rule, parsed, f.device);
    if (refusal) {
      // Nothing of it runs: half a rule (the light on, the door not locked) is worse than none.
      this.logger.warn(
        { event: "AUTOMATION_ACCESS_DENIED", ruleId: rule.id, ownerId: rule.createdByUserId, reason: refusal },
        "an automation could not run with its owner's access",
      );
      await this.tellOwner(f, refusal);
      return;
    }
    this.logger.info({ ruleId: rule.id, eventId: f.eventId }, "automation fired");
    this.options.fired?.(rule, f.eventId, f.event, f.device);
    for (const [i, action] of parsed.actions.entries()) {
      try {
        await this.run(em, f, action);
      } catch (err) {
        // One failed action (the hub away, say) does not keep the others from running.
        this.logger.error({ err, ruleId: rule.id, action: i }, "an automation action failed");
      }
    }
  }

  /** Tells the rule's owner why it did not run, in the inbox and by mail (once per firing). */
  private async tellOwner(f: Firing, reason: string): Promise<void> {
    if (!f.rule.createdByUserId) return;
    try {
      await this.notifier.notify({
        ruleId: f.rule.id,
        eventId: `${f.eventId}:refused`,
        userIds: [f.rule.createdByUserId],
        title: oneLine(`Automation "${f.rule.name}" did not run`),
        body: oneLine(`${f.event}, but ${reason}`),
        url: "/automations",
        severity: "WARNING",
        // Mailed as before the inbox existed, whatever the owner routes other automation notices
        // to: a rule that silently stops acting is what they must hear of.
        channels: ["IN_APP", "EMAIL"],
      });
    } catch (err) {
      this.logger.error({ err, ruleId: f.rule.id }, "could not tell an automation's owner why it did not run");
    }
  }

  private async run(em: EntityManager, f: Firing, action: Action): Promise<void> {
    const until = Date.now() + ECHO_MS;
    if (action.type === "command") {
      this.causedBy.set(`device:${action.deviceId}`, { ruleId: f.rule.id, until });
      await this.link.sendCommand(
        em.fork(),
        action.deviceId,
        action.command,
        action.args,
        f.rule.createdByUserId ?? null,
        false,
      );
    } else if (action.type === "setMode") {
      this.causedBy.set("mode", { ruleId: f.rule.id, until });
      await this.link.setMode(em.fork(), action.mode);
    } else {
      const queued = await this.notifier.notify({
        ruleId: f.rule.id,
        eventId: f.eventId,
        role: action.role,
        userIds: action.userIds,
        title: oneLine(action.subject ?? f.device?.label ?? f.rule.name),
        body: oneLine(action.message ?? `${f.device ? where(f.device) : f.rule.name}: ${f.event}`),
        url: f.device ? `/devices/${f.device.id}` : "/automations",
        // A rule saved before notify had channels mailed, and still does.
        channels: action.channels ?? ["EMAIL"],
      });
      this.logger.info({ ruleId: f.rule.id, queued }, "automation notification queued for email");
    }
  }
}
