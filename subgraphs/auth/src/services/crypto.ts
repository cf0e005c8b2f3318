import { createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { SecretBox as CommonSecretBox } from "@homegraph/common";

/** 256 random bits, base64url: refresh tokens and emailed links. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a token: enough to recognise it, useless to present. */
export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Auth's secrets at rest (signing keys, mail secrets, TOTP seeds): common's box, under auth's name. */
export class SecretBox extends CommonSecretBox {
  constructor(secret: string, purpose: string) {
    super(secret, "auth", purpose);
  }
}

/**
 * HMAC-SHA256 under a key derived from a secret: for short codes (recovery codes, a reset's six
 * digits) whose plain hash could be read back by trying every value; without the secret it cannot.
 */
export class KeyedHash {
  private readonly key: Buffer;
  constructor(secret: string, purpose: string) {
    this.key = Buffer.from(hkdfSync("sha256", secret, "homegraph-auth", `hmac:${purpose}`, 32));
  }

  of(value: string): string {
    return createHmac("sha256", this.key).update(value, "utf8").digest("hex");
  }
}
