// The household's activity feed: the email service keeps it, every service contributes to it with
// POST /activity (service tokens) from its own durable outbox. The contract, in one place.

export const ACTIVITY_KINDS = [
  "DEVICE_COMMAND",
  "AUTOMATION_FIRED",
  "SIGN_IN_NEW_BROWSER",
  "PASSWORD_CHANGED",
  "MAIL_SENT",
  "INVITATION",
] as const;
export type ActivityKindName = (typeof ACTIVITY_KINDS)[number];

/** One entry as POST /activity takes it (alone or in a list); the contributor is the service token's. */
export interface ActivityContribution {
  kind: ActivityKindName;
  summary: string;
  /** Unique across the household's feed: a retried contribution with a known key is skipped. */
  dedupeKey: string;
  /** ISO time; now when left out. */
  at?: string;
  /** Who did it (auth's user id). */
  actorUserId?: number | null;
  /** Whom it was about, when not the actor. */
  subjectUserId?: number | null;
  /** The home's device id. */
  deviceId?: number | null;
  room?: string | null;
}
