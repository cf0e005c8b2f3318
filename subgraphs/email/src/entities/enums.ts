import { registerEnumType } from "type-graphql";

export enum EmailStatus {
  QUEUED = "QUEUED",
  SENDING = "SENDING",
  SENT = "SENT",
  FAILED = "FAILED",
  /** Not sent because the person turned this kind of mail off. */
  SUPPRESSED = "SUPPRESSED",
}
registerEnumType(EmailStatus, { name: "EmailStatus", description: "Where a mail is on its way out." });

export enum EmailKind {
  /** Password resets, sign-in notices: always sent, never carries an unsubscribe link. */
  SECURITY = "SECURITY",
  NOTIFICATION = "NOTIFICATION",
  DIGEST = "DIGEST",
}
registerEnumType(EmailKind, {
  name: "EmailKind",
  description: "What a mail is for; decides whether a person's preferences may stop it.",
});

export enum DigestFrequency {
  OFF = "OFF",
  DAILY = "DAILY",
  WEEKLY = "WEEKLY",
}
registerEnumType(DigestFrequency, {
  name: "DigestFrequency",
  description: "How often a person gets a digest mail summing up what happened in the last day or week (OFF: never).",
});
