import type { EntityManager } from "@mikro-orm/postgresql";
import type { User } from "../entities/user.entity.js";
import { countPasskeys, listPasskeys } from "../repositories/passkey.repository.js";
import { countUnusedRecoveryCodes, findTotp } from "../repositories/second-factor.repository.js";
import { passkeyView, type PasskeyView } from "./passkey.service.js";
import type { SettingsService } from "./settings.service.js";

export interface SecondFactorStatus {
  totpEnabled: boolean;
  recoveryCodesLeft: number;
  /** A passkey counts as a second factor: someone with one is enrolled. */
  passkeys: PasskeyView[];
  /** The household's policy asks this person for a second factor. */
  required: boolean;
  /** Until when they may still sign in without one (null when not required or already enrolled). */
  enrolBy: Date | null;
  /** The grace is over: their sessions reach enrolment only. */
  enrolmentOnly: boolean;
}

/**
 * The admin's `secondFactor.required` (NONE, ADMINS, EVERYONE) and `secondFactor.graceDays`. The
 * grace runs from when the policy was last set, or from the account's creation if later, so
 * tightening the policy never locks anyone into enrolment overnight.
 */
export class SecondFactorPolicy {
  constructor(private readonly settings: SettingsService) {}

  async status(em: EntityManager, user: User, now = new Date()): Promise<SecondFactorStatus> {
    const totp = await findTotp(em, user.id);
    const totpEnabled = Boolean(totp?.enabledAt);
    const recoveryCodesLeft = totpEnabled ? await countUnusedRecoveryCodes(em, user.id) : 0;
    const passkeys = (await listPasskeys(em, user.id)).map(passkeyView);
    const { required, enrolBy } = await this.deadline(em, user);
    if (!required || totpEnabled || passkeys.length > 0) {
      return { totpEnabled, recoveryCodesLeft, passkeys, required, enrolBy: null, enrolmentOnly: false };
    }
    return { totpEnabled, recoveryCodesLeft, passkeys, required, enrolBy, enrolmentOnly: now >= enrolBy! };
  }

  /** At every token issued (sign-in, refresh): the person's factors are read only when the policy asks for one. */
  async enrolmentOnly(em: EntityManager, user: User, now = new Date()): Promise<boolean> {
    const { required, enrolBy } = await this.deadline(em, user);
    if (!required || now < enrolBy!) return false;
    if ((await findTotp(em, user.id))?.enabledAt) return false;
    return (await countPasskeys(em, user.id)) === 0;
  }

  /** Whether the household's policy asks this person for a second factor at all. */
  async requiredOf(em: EntityManager, user: User): Promise<boolean> {
    return (await this.deadline(em, user)).required;
  }

  private async deadline(em: EntityManager, user: User): Promise<{ required: boolean; enrolBy: Date | null }> {
    // A guest has no factor to enrol and signs in only through the pass's link.
    if (user.role === "GUEST") return { required: false, enrolBy: null };
    const list = await this.settings.list(em);
    const policy = list.find((s) => s.key === "secondFactor.required");
    const graceDays = list.find((s) => s.key === "secondFactor.graceDays")?.value as number;
    const required = policy?.value === "EVERYONE" || (policy?.value === "ADMINS" && user.role === "ADMIN");
    if (!required) return { required, enrolBy: null };
    const since = Math.max(policy?.updatedAt?.getTime() ?? 0, new Date(user.createdAt).getTime());
    return { required, enrolBy: new Date(since + graceDays * 86_400_000) };
  }
}
