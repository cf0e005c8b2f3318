import type { SecretBox } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import webpush from "web-push";
import type { EmailConfig } from "../config.js";
import type { VapidKeys } from "./push-sender.js";

/**
 * The VAPID key pair browsers subscribe with: VAPID_* when set, otherwise one generated on the
 * first start and kept in `email.vapid_keys`, its private half sealed with the service secret.
 * Replicas starting at once race to insert; the first wins and every one reads that pair, since a
 * browser's subscription only accepts pushes signed by the key it subscribed with.
 */
export async function loadVapidKeys(em: EntityManager, config: EmailConfig, box: SecretBox): Promise<VapidKeys> {
  const { vapid, defaultSubject } = config.notifications;
  if (vapid) return vapid;
  const read = () =>
    em.execute<{ public_key: string; private_key_sealed: string }[]>(
      `select public_key, private_key_sealed from "email"."vapid_keys" where id = 1`,
    );
  let [row] = await read();
  if (!row) {
    const fresh = webpush.generateVAPIDKeys();
    await em.execute(
      `insert into "email"."vapid_keys" (id, public_key, private_key_sealed) values (1, ?, ?) on conflict (id) do nothing`,
      [fresh.publicKey, box.seal(fresh.privateKey)],
    );
    [row] = await read();
  }
  let privateKey: string;
  try {
    privateKey = box.open(row!.private_key_sealed);
  } catch {
    throw new Error(
      "email.vapid_keys was sealed under another SERVICE_SECRET: restore that secret, or set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT",
    );
  }
  return { publicKey: row!.public_key, privateKey, subject: defaultSubject };
}
