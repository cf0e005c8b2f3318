import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Logger, Orm } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { AuthSettings } from "../config.js";
import { SigningKey } from "../entities/signing-key.entity.js";
import type { SecretBox } from "./crypto.js";

export type JwtAlgorithm = "ES256" | "RS256";

export interface SignerKey {
  kid: string;
  alg: JwtAlgorithm;
  privateKey: KeyObject;
}

interface VerifyKey {
  kid: string;
  alg: JwtAlgorithm;
  publicKey: KeyObject;
  jwk: Record<string, unknown>;
  /** Until when tokens signed with it can still be alive; undefined while it signs. */
  liveUntil?: Date;
}

const PUBLIC_JWK_FIELDS: Record<string, string[]> = { EC: ["crv", "kty", "x", "y"], RSA: ["e", "kty", "n"] };

/** RFC 7638 thumbprint: the same key always gets the same kid, on every replica. */
function thumbprint(jwk: Record<string, unknown>): string {
  const fields = PUBLIC_JWK_FIELDS[jwk.kty as string] ?? [];
  const canonical = JSON.stringify(Object.fromEntries(fields.map((f) => [f, jwk[f]])));
  return createHash("sha256").update(canonical).digest("base64url");
}

function algorithmOf(key: KeyObject): JwtAlgorithm {
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ES256";
  if (key.asymmetricKeyType === "rsa" && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) return "RS256";
  throw new Error("JWT_PRIVATE_KEY must be an EC P-256 (ES256) or an RSA key of at least 2048 bits (RS256)");
}

function publicJwkOf(publicKey: KeyObject): Record<string, unknown> {
  const jwk = publicKey.export({ format: "jwk" }) as Record<string, unknown>;
  const fields = PUBLIC_JWK_FIELDS[jwk.kty as string] ?? [];
  return Object.fromEntries(fields.map((f) => [f, jwk[f]]));
}

const LOCK_KEY = "homegraph:auth:signing-keys";
// Short, so a key rotated on another replica starts signing here soon; retired keys still verify.
const SIGNER_CACHE_MS = 10_000;
const UNKNOWN_KID_RELOAD_MS = 1_000;

/**
 * The JWT signing keys: one configured (JWT_PRIVATE_KEY) or generated on first start and kept in
 * auth.signing_keys with the private half encrypted. Rotation makes a new key sign and retires the
 * old one, which stays in the JWKS until the last token it signed has expired.
 */
export class KeyStore {
  private configured?: SignerKey & { jwk: Record<string, unknown> };
  private signer?: { key: SignerKey; loadedAt: number };
  private signerLoading?: Promise<SignerKey>;
  private verifyKeys = new Map<string, VerifyKey>();
  private verifyLoadedAt = 0;

  constructor(
    private readonly orm: Orm,
    private readonly settings: AuthSettings,
    private readonly box: SecretBox,
    private readonly logger: Logger,
  ) {}

  /** Loads the configured key or makes sure a generated one exists (once, across replicas). */
  async init(): Promise<void> {
    if (this.settings.privateKeyPem) {
      const privateKey = createPrivateKey(this.settings.privateKeyPem);
      const jwk = publicJwkOf(createPublicKey(privateKey));
      this.configured = { kid: thumbprint(jwk), alg: algorithmOf(privateKey), privateKey, jwk };
      this.logger.info({ kid: this.configured.kid, alg: this.configured.alg }, "signing with JWT_PRIVATE_KEY");
    } else {
      await this.ensureGeneratedKey(false);
    }
    await this.loadVerifyKeys();
  }

  /** Generates a new key that signs from now on; the previous ones keep verifying. Returns its kid. */
  async rotate(): Promise<string> {
    const kid = await this.ensureGeneratedKey(true);
    this.signer = undefined;
    await this.loadVerifyKeys();
    return kid;
  }

  /** Rotates when the signing key is older than JWT_ROTATE_DAYS (called on start and hourly). */
  async rotateIfDue(): Promise<void> {
    if (this.configured) return;
    await this.ensureGeneratedKey(false);
    this.signer = undefined;
  }

  /**
   * The key to sign with. Once loaded it is answered from memory, and reloaded (to follow another
   * replica's rotation) in the background when older than SIGNER_CACHE_MS, once however many ask:
   * callers are often inside a transaction holding a pool connection, and a burst of them each
   * asking the pool for another would starve it until the acquire timeout.
   */
  async signingKey(): Promise<SignerKey> {
    if (this.configured) return this.configured;
    if (!this.signer) return this.loadSigner();
    if (Date.now() - this.signer.loadedAt >= SIGNER_CACHE_MS) {
      this.loadSigner().catch((err: unknown) =>
        this.logger.warn(
          { err: (err as Error).message },
          "could not reload the signing key; still using the loaded one",
        ),
      );
    }
    return this.signer.key;
  }

  private loadSigner(): Promise<SignerKey> {
    this.signerLoading ??= this.readSigner().finally(() => (this.signerLoading = undefined));
    return this.signerLoading;
  }

  private async readSigner(): Promise<SignerKey> {
    const em = this.orm.em.fork();
    const row = await em.findOne(SigningKey, { retiredAt: null }, { orderBy: { createdAt: "desc" } });
    const key = row ? this.decrypt(row) : undefined;
    if (!key) {
      // No usable key (none yet, or sealed under another AUTH_SECRET): make one rather than stop signing in.
      await this.rotate();
      return this.readSigner();
    }
    this.signer = { key, loadedAt: Date.now() };
    return key;
  }

  /** The public key a token's `kid` names, reloading once when it is new to this replica. */
  async verifyKey(kid: string): Promise<VerifyKey | undefined> {
    let key = this.verifyKeys.get(kid);
    if (!key && Date.now() - this.verifyLoadedAt > UNKNOWN_KID_RELOAD_MS) {
      await this.loadVerifyKeys();
      key = this.verifyKeys.get(kid);
    }
    if (key?.liveUntil && key.liveUntil.getTime() < Date.now()) return undefined;
    return key;
  }

  /** Every key that may still verify a live token, as a JWKS. */
  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    await this.loadVerifyKeys();
    const now = Date.now();
    return {
      keys: [...this.verifyKeys.values()]
        .filter((k) => !k.liveUntil || k.liveUntil.getTime() > now)
        .map((k) => ({ ...k.jwk, kid: k.kid, alg: k.alg, use: "sig" })),
    };
  }

  private async loadVerifyKeys(): Promise<void> {
    const em = this.orm.em.fork();
    const rows = await em.find(SigningKey, {}, { orderBy: { createdAt: "desc" } });
    const next = new Map<string, VerifyKey>();
    // A retired key verifies for one access-token lifetime (plus clock tolerance) after retirement.
    const graceMs = (this.settings.accessTokenTtlSeconds + 60) * 1000;
    for (const row of rows) {
      next.set(row.kid, {
        kid: row.kid,
        alg: row.alg,
        jwk: row.publicJwk,
        publicKey: createPublicKey({ key: row.publicJwk as never, format: "jwk" }),
        liveUntil: row.retiredAt ? new Date(row.retiredAt.getTime() + graceMs) : undefined,
      });
    }
    if (this.configured) {
      const { kid, alg, jwk, privateKey } = this.configured;
      next.set(kid, { kid, alg, jwk, publicKey: createPublicKey(privateKey) });
    }
    this.verifyKeys = next;
    this.verifyLoadedAt = Date.now();
  }

  private decrypt(row: SigningKey): SignerKey | undefined {
    try {
      return { kid: row.kid, alg: row.alg, privateKey: createPrivateKey(this.box.open(row.privateKeyEnc)) };
    } catch {
      this.logger.warn({ kid: row.kid }, "cannot decrypt a stored signing key (was AUTH_SECRET changed?)");
      return undefined;
    }
  }

  private async ensureGeneratedKey(force: boolean): Promise<string> {
    return this.orm.em.fork().transactional(async (em: EntityManager) => {
      // Replicas starting together wait here, and the second one finds the first one's key.
      await em.execute("select pg_advisory_xact_lock(hashtext(?))", [LOCK_KEY]);
      const current = await em.findOne(SigningKey, { retiredAt: null }, { orderBy: { createdAt: "desc" } });
      const ageMs = current ? Date.now() - current.createdAt.getTime() : Infinity;
      const due = ageMs > this.settings.rotateDays * 86_400_000;
      if (current && !force && !due && this.decrypt(current)) return current.kid;

      // Before creating the new row: the ORM flushes pending rows before a query, so it would be retired too.
      const retired = await em.find(SigningKey, { retiredAt: null });
      const alg = this.settings.algorithm;
      const { privateKey, publicKey } =
        alg === "ES256"
          ? generateKeyPairSync("ec", { namedCurve: "P-256" })
          : generateKeyPairSync("rsa", { modulusLength: 2048 });
      const jwk = publicJwkOf(publicKey);
      const row = em.create(SigningKey, {
        kid: thumbprint(jwk),
        alg,
        publicJwk: jwk,
        privateKeyEnc: this.box.seal(privateKey.export({ format: "pem", type: "pkcs8" }) as string),
        createdAt: new Date(),
      });
      for (const old of retired) old.retiredAt = new Date();
      await em.flush();
      this.logger.info({ kid: row.kid, alg, retired: retired.map((r) => r.kid) }, "generated a JWT signing key");
      return row.kid;
    });
  }
}
