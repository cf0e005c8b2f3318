import { BadUserInputError } from "@homegraph/common";
import { z } from "zod";
import { NOTIFICATION_CHANNELS } from "./outbox.js";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day as HH:MM");
const deviceId = z
  .union([z.string().regex(/^\d+$/, "must be a device id"), z.number().int().positive()])
  .transform(Number);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const triggerSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("attribute"),
      deviceId,
      attribute: z.string().min(1),
      becomes: scalar.optional(),
      above: z.number().optional(),
      below: z.number().optional(),
    })
    .strict()
    .refine((t) => [t.becomes, t.above, t.below].filter((v) => v !== undefined).length === 1, {
      message: "must have exactly one of becomes, above or below",
      path: ["becomes"],
    }),
  z.object({ type: z.literal("mode"), becomes: z.string().min(1) }).strict(),
  z.object({ type: z.literal("time"), at: hhmm }).strict(),
]);

export const conditionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("mode"), is: z.string().min(1) }).strict(),
  z.object({ type: z.literal("timeWindow"), from: hhmm, to: hhmm }).strict(),
  z.object({ type: z.literal("device"), deviceId, attribute: z.string().min(1), equals: scalar }).strict(),
]);

export const actionSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("command"),
      deviceId,
      command: z.string().min(1),
      args: z.array(z.unknown()).default([]),
    })
    .strict(),
  z.object({ type: z.literal("setMode"), mode: z.string().min(1) }).strict(),
  z
    .object({
      type: z.literal("notify"),
      role: z.enum(["ADMIN", "MEMBER"]).optional(),
      userIds: z.array(z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(Number)).optional(),
      subject: z.string().max(200).optional(),
      message: z.string().max(2000).optional(),
      // Unset (rules saved before the choice existed): mail, as those rules always did.
      channels: z
        .array(z.enum(NOTIFICATION_CHANNELS, { error: `must each be one of ${NOTIFICATION_CHANNELS.join(", ")}` }))
        .min(1, "needs at least one channel")
        .transform((c) => [...new Set(c)])
        .optional(),
    })
    .strict()
    .refine((a) => a.role !== undefined || (a.userIds?.length ?? 0) > 0, {
      message: "needs a role or at least one user id",
      path: ["role"],
    }),
]);

export const ruleSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(255),
  trigger: triggerSchema,
  conditions: z.array(conditionSchema).max(20).default([]),
  actions: z.array(actionSchema).min(1, "needs at least one action").max(20),
});

export type Trigger = z.infer<typeof triggerSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type Action = z.infer<typeof actionSchema>;
export type Rule = z.infer<typeof ruleSchema>;

/** `actions[0].deviceId` style, so a client can point at the part of the rule that is wrong. */
function fieldOf(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );
}

/** Parses a whole rule; the first problem becomes a BAD_USER_INPUT naming its field. */
export function parseRule(input: unknown): Rule {
  const result = ruleSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = fieldOf(issue.path) || "input";
  throw new BadUserInputError(`${field} ${issue.message}`, field);
}

/** Minutes since midnight of "HH:MM". */
export function minutesOf(hhmmValue: string): number {
  const [h, m] = hhmmValue.split(":").map(Number);
  return h! * 60 + m!;
}

/** Whether `now` falls in [from, to), a window that may wrap past midnight (22:00 to 06:00). */
export function inWindow(now: Date, from: string, to: string): boolean {
  const t = now.getHours() * 60 + now.getMinutes();
  const a = minutesOf(from);
  const b = minutesOf(to);
  return a <= b ? t >= a && t < b : t >= a || t < b;
}
