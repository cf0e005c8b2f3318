import { randomBytes } from "node:crypto";
import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  requireRecentAuth,
  type Identity,
  type Logger,
} from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { AuthSettings } from "../config.js";
import { AuditEvent } from "../entities/audit-log.entity.js";
import type { User } from "../entities/user.entity.js";
import {
  deletePasskey,
  insertPasskey,
  listPasskeys,
  renamePasskeyRow,
  type PasskeyRow,
} from "../repositories/passkey.repository.js";
import { getUser } from "../repositories/user.repository.js";
import { recordAudit, type RequestMeta } from "./audit.service.js";
import { CEREMONY_TTL_MS, parseResponse, type PasskeyCeremonies, type PasskeyCeremony } from "./passkey-ceremony.js";
import type { Outbox } from "./outbox.service.js";
import { securityAlert, type SecurityChange } from "./security-alerts.js";

/** What a person sees of a passkey: never its key or credential id. */
export interface PasskeyView {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  backedUp: boolean;
}

export function passkeyView(row: PasskeyRow): PasskeyView {
  return {
    id: String(row.id),
    name: row.name,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    backedUp: row.backedUp,
  };
}

export interface PasskeyServiceDeps {
  settings: AuthSettings;
  logger: Logger;
  outbox: Outbox;
  ceremonies: PasskeyCeremonies;
}

const NAME_MAX = 100;

function cleanName(name: string): string {
  const trimmed = name.replace(/\s+/g, " ").trim();
  if (!trimmed) throw new BadUserInputError("Give the passkey a name.", "name");
  if (trimmed.length > NAME_MAX) throw new BadUserInputError(`Keep the name under ${NAME_MAX} characters.`, "name");
  return trimmed;
}

/** A passkey's id as the API shows it; anything else names no passkey. */
function idOf(id: string): number {
  const n = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(n)) throw new NotFoundError("No such passkey.");
  return n;
}

/** Adding, listing, renaming and removing a person's passkeys. */
export class PasskeyService {
  constructor(private readonly deps: PasskeyServiceDeps) {}

  async list(em: EntityManager, userId: number): Promise<PasskeyView[]> {
    return (await listPasskeys(em, userId)).map(passkeyView);
  }

  /**
   * Options to create a discoverable passkey for the caller (the resolver has checked the step-up).
   * The person's user handle is random, kept with their passkeys, the same for all of them.
   */
  async beginRegistration(em: EntityManager, identity: Identity): Promise<PasskeyCeremony> {
    const user = await getUser(em, identity.userId);
    const existing = await listPasskeys(em, user.id);
    const userHandle = existing[0]?.userHandle ?? randomBytes(32).toString("base64url");
    const options = await generateRegistrationOptions({
      rpName: this.deps.settings.webauthn.rpName,
      rpID: this.deps.ceremonies.rpId,
      userName: user.email,
      userDisplayName: user.displayName,
      userID: new Uint8Array(Buffer.from(userHandle, "base64url")),
      timeout: CEREMONY_TTL_MS,
      attestationType: "none",
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    });
    return this.deps.ceremonies.issue(em, "REGISTRATION", user.id, options, userHandle);
  }

  async finishRegistration(
    em: EntityManager,
    identity: Identity,
    challengeId: string,
    responseJson: string,
    name: string | null | undefined,
    meta: RequestMeta,
  ): Promise<PasskeyView> {
    const ceremonies = this.deps.ceremonies;
    const challenge = await ceremonies.take(em, challengeId, "REGISTRATION", "registration", meta, identity.userId);
    // Another person's ceremony (a leaked challenge id) is as good as none.
    if (challenge.userId !== identity.userId || !challenge.userHandle) {
      return ceremonies.refuse(em, "registration", "another_persons_challenge", meta, identity.userId);
    }
    const label = name == null || name.trim() === "" ? `Passkey ${new Date().toISOString().slice(0, 10)}` : name;
    const finalName = cleanName(label);
    const response = parseResponse<RegistrationResponseJSON>(responseJson);
    if (!response) return ceremonies.refuse(em, "registration", "malformed", meta, identity.userId);
    let info;
    try {
      const verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge.matches,
        expectedOrigin: ceremonies.expectedOrigins(response.response.clientDataJSON),
        expectedRPID: ceremonies.rpId,
        requireUserVerification: false,
      });
      if (!verified.verified) throw new Error("attestation did not verify");
      info = verified.registrationInfo;
    } catch (err) {
      return ceremonies.refuse(em, "registration", "verification_failed", meta, identity.userId, err);
    }
    const user = await getUser(em, identity.userId);
    const row = await em.transactional(async (tem) => {
      const saved = await insertPasskey(tem, {
        userId: user.id,
        credentialId: info.credential.id,
        userHandle: challenge.userHandle!,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: (info.credential.transports ?? []).map(String),
        aaguid: info.aaguid ?? null,
        backedUp: info.credentialBackedUp,
        deviceType: info.credentialDeviceType,
        name: finalName,
      });
      if (!saved) return null;
      await recordAudit(tem, this.deps.logger, AuditEvent.PASSKEY_REGISTERED, {
        userId: user.id,
        meta,
        details: {
          passkeyId: saved.id,
          backedUp: saved.backedUp,
          deviceType: info.credentialDeviceType,
          aaguid: info.aaguid,
        },
      });
      await this.alert(tem, user, "PASSKEY_ADDED", meta);
      return saved;
    });
    if (!row) throw new ConflictError("This passkey is already registered.");
    return passkeyView(row);
  }

  async rename(em: EntityManager, identity: Identity, id: string, name: string, meta: RequestMeta) {
    const clean = cleanName(name);
    return em.transactional(async (tem) => {
      const row = await renamePasskeyRow(tem, identity.userId, idOf(id), clean);
      if (!row) throw new NotFoundError("No such passkey.");
      await recordAudit(tem, this.deps.logger, AuditEvent.PASSKEY_RENAMED, {
        userId: identity.userId,
        meta,
        details: { passkeyId: row.id },
      });
      return passkeyView(row);
    });
  }

  /** Only with a fresh step-up (the resolver audits a refusal): a stolen session must not remove it. */
  async remove(em: EntityManager, identity: Identity, id: string, meta: RequestMeta): Promise<boolean> {
    requireRecentAuth(identity);
    const user = await getUser(em, identity.userId);
    const passkeyId = idOf(id);
    return em.transactional(async (tem) => {
      if (!(await deletePasskey(tem, user.id, passkeyId))) throw new NotFoundError("No such passkey.");
      await recordAudit(tem, this.deps.logger, AuditEvent.PASSKEY_REMOVED, {
        userId: user.id,
        meta,
        details: { passkeyId },
      });
      await this.alert(tem, user, "PASSKEY_REMOVED", meta);
      return true;
    });
  }

  private alert(em: EntityManager, user: User, change: SecurityChange, meta: RequestMeta): Promise<void> {
    return securityAlert(em, { outbox: this.deps.outbox, publicUrl: this.deps.settings.publicUrl }, user, change, meta);
  }
}
