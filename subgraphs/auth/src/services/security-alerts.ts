import { randomUUID } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import { OneTimeTokenPurpose } from "../entities/one-time-token.entity.js";
import type { User } from "../entities/user.entity.js";
import type { RequestMeta } from "./audit.service.js";
import { rememberBrowser } from "../repositories/second-factor.repository.js";
import { sha256 } from "./crypto.js";
import { issueOneTimeToken } from "./one-time-token.service.js";
import type { ActivityEntry, Outbox } from "./outbox.service.js";

/** The `event` line of the email service's security-notice template, per change. */
export const SECURITY_EVENTS = {
  PASSWORD_CHANGED: "Your password was changed",
  PASSWORD_RESET: "Your password was reset",
  TOTP_ENABLED: "An authenticator app was added to your account",
  TOTP_DISABLED: "The authenticator app was removed from your account",
  RECOVERY_CODE_USED: "A recovery code was used to sign in to your account",
  PASSKEY_ADDED: "A passkey was added to your account",
  PASSKEY_REMOVED: "A passkey was removed from your account",
  NEW_BROWSER_SIGN_IN: "Someone signed in to your account from a browser not seen before",
  EMAIL_CHANGE_REQUESTED: "Someone asked to move your account to another e-mail address",
  EMAIL_CHANGED: "Your account was moved to another e-mail address; mail now goes there",
} as const;
export type SecurityChange = keyof typeof SECURITY_EVENTS;

/** The changes that also go to the household's activity feed, and how they read there. */
const ACTIVITY_OF: Partial<Record<SecurityChange, { kind: ActivityEntry["kind"]; summary: string }>> = {
  NEW_BROWSER_SIGN_IN: { kind: "SIGN_IN_NEW_BROWSER", summary: "signed in from a new browser" },
  PASSWORD_CHANGED: { kind: "PASSWORD_CHANGED", summary: "changed their password" },
  PASSWORD_RESET: { kind: "PASSWORD_CHANGED", summary: "reset their password" },
};

/** Long enough to read the mail after a weekend away; the link does nothing but end sessions. */
const SIGN_OUT_LINK_TTL_MS = 7 * 86_400_000;

/**
 * A security notice in the caller's transaction. Changes a thief could make carry a "not you? sign
 * out everywhere" link: a single-use token that ends every session of the person (the web page it
 * opens asks before calling `signOutEverywhere`, so a mail scanner opening the link spends nothing).
 */
export async function securityAlert(
  em: EntityManager,
  deps: { outbox: Outbox; publicUrl: string },
  user: User,
  change: SecurityChange,
  meta: RequestMeta,
  withSignOutLink = true,
): Promise<void> {
  const activity = ACTIVITY_OF[change];
  if (activity) {
    await deps.outbox.activity(em, {
      kind: activity.kind,
      actorUserId: user.id,
      summary: `${user.displayName}: ${activity.summary}`,
      dedupeKey: `auth:${change}:${user.id}:${randomUUID()}`,
    });
  }
  // Also in the inbox, in-app only: the mail below is the alert's other channel (it alone carries the
  // sign-out link), and a push would override the person's own routing.
  await deps.outbox.notification(em, {
    audience: { userIds: [user.id] },
    kind: "SECURITY",
    severity: change === "NEW_BROWSER_SIGN_IN" || change === "RECOVERY_CODE_USED" ? "WARNING" : "INFO",
    title: SECURITY_EVENTS[change],
    body: meta.userAgent
      ? `From ${meta.userAgent}${meta.ip ? ` (${meta.ip})` : ""}. Not you? Sign out everywhere from the mail we sent, or from Security.`
      : "Not you? Sign out everywhere from the mail we sent, or from Security.",
    url: "/security",
    dedupeKey: `auth:${change}:${user.id}:${randomUUID()}`,
    channels: ["IN_APP"],
  });
  const link = withSignOutLink
    ? await issueOneTimeToken(em, user, OneTimeTokenPurpose.SIGN_OUT_EVERYWHERE, SIGN_OUT_LINK_TTL_MS)
    : undefined;
  await deps.outbox.enqueue(em, {
    idempotencyKey: `auth.security-notice:${change}:${user.id}:${randomUUID()}`,
    template: "security-notice",
    to: user.email,
    userId: user.id,
    variables: {
      displayName: user.displayName,
      change,
      event: SECURITY_EVENTS[change],
      when: new Date().toUTCString(),
      device: meta.userAgent ? `${meta.userAgent}${meta.ip ? ` (${meta.ip})` : ""}` : (meta.ip ?? null),
      at: new Date().toISOString(),
      ip: meta.ip ?? null,
    },
    ...(link ? { secretVariables: { signOutUrl: `${deps.publicUrl}/sign-out-everywhere?token=${link.token}` } } : {}),
  });
}

/** How known_browsers names the browser a request came from (see alertOnNewBrowser). */
export function browserHash(meta: RequestMeta): string {
  return sha256(meta.browserId ? `id:${meta.browserId}` : `ua:${meta.userAgent ?? ""}|ip:${meta.ip ?? ""}`);
}

/**
 * After a sign-in: alerts when the browser is new to the person. A browser is the gateway's
 * long-lived random cookie when the request came through the web app; without it (API clients),
 * the user agent with the address, which is weaker (both can be chosen by the caller).
 */
export async function alertOnNewBrowser(
  em: EntityManager,
  deps: { outbox: Outbox; publicUrl: string },
  user: User,
  meta: RequestMeta,
): Promise<void> {
  if (await rememberBrowser(em, user.id, browserHash(meta))) {
    await securityAlert(em, deps, user, "NEW_BROWSER_SIGN_IN", meta);
  }
}
