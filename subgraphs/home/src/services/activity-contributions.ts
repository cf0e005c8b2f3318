// The home's part of the household's activity feed (kept by the email service): device commands a
// person sent and automations that fired. Written to the outbox beside the alerts, never awaited
// by the request or the rule that caused them; the outbox hands them over in batches.
import { randomUUID } from "node:crypto";
import type { Logger } from "@homegraph/common";
import type { Automation } from "../entities/automation.entity.js";
import type { Device } from "../entities/device.entity.js";
import { oneLine, type ActivityMessage, type Outbox } from "./outbox.js";

export class HomeActivity {
  constructor(
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  private write(entry: ActivityMessage): void {
    this.outbox
      .activity([entry])
      .catch((err) => this.logger.warn({ err, kind: entry.kind }, "an activity entry could not be written"));
  }

  /** A person's command, once the hub took it; its arguments are left out (a lock code is one). */
  commandSent(device: Device, command: string, userId: number): void {
    this.write({
      at: new Date().toISOString(),
      kind: "DEVICE_COMMAND",
      actorUserId: userId,
      deviceId: device.id,
      room: device.room ?? null,
      summary: oneLine(`Sent "${command}" to ${device.label}`),
      dedupeKey: `home:command:${device.id}:${randomUUID()}`,
    });
  }

  automationFired(rule: Automation, eventId: string, event: string, device?: Device): void {
    this.write({
      at: new Date().toISOString(),
      kind: "AUTOMATION_FIRED",
      actorUserId: rule.createdByUserId ?? null,
      deviceId: device?.id ?? null,
      room: device?.room ?? null,
      summary: oneLine(`Automation "${rule.name}" ran: ${event}`),
      dedupeKey: `home:automation:${rule.id}:${eventId}`,
    });
  }
}
