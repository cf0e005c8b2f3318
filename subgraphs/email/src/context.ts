import type { ActivityAccess } from "./services/activity-access.js";
import type { ServiceContext } from "@homegraph/common";
import DataLoader from "dataloader";
import type { EmailConfig } from "./config.js";
import type { EmailPreference } from "./entities/email-preference.entity.js";
import type { MailService } from "./services/mail-service.js";
import type { NotificationService } from "./services/notification-service.js";
import type { Peers } from "./services/peers.js";
import type { PushSubscriptions } from "./services/push-subscriptions.js";
import { createPreferencesLoader, createSentCountLoader } from "./services/email-log.service.js";

/** What the resolvers need beyond the request: built once by createEmailRuntime. */
export interface EmailServices {
  config: EmailConfig;
  mail: MailService;
  /** Whether the built-in catcher receives the mail (SMTP_URL unset). */
  devMailbox: () => boolean;
  /** Auth's user directory and the home's activity, read as this service. */
  peers: Peers;
  notifications: NotificationService;
  /** Web Push: the VAPID public key browsers subscribe with, and their subscriptions. */
  push: { publicKey: string; subscriptions: PushSubscriptions };
  /** Who may read which activity entries (home's access, kept briefly). */
  activityAccess: ActivityAccess;
}

export interface EmailContext extends ServiceContext {
  services: EmailServices;
  loaders: {
    sentCount: DataLoader<number, number>;
    preferences: DataLoader<number, EmailPreference | null>;
  };
}

export function createContext(base: ServiceContext, services: EmailServices): EmailContext {
  return {
    ...base,
    services,
    loaders: { sentCount: createSentCountLoader(base.em), preferences: createPreferencesLoader(base.em) },
  };
}
