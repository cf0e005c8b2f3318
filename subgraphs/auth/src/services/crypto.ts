import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";

/** 256 random bits, base64url: refresh tokens and emailed links. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a token: enough to recognise it, useless to present. */
export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/**
 * AES-256-GCM under a key derived (HKDF-SHA256) from a secret, with a purpose label so the same
 * secret never encrypts two kinds of data under one key. Output: base64url of iv | tag | ciphertext.
 */
export class SecretBox {
  private readonly key: Buffer;
  constructor(secret: string, purpose: string) {
    this.key = Buffer.from(hkdfSync("sha256", secret, "homegraph-auth", purpose, 32));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** Throws when the data was sealed under another secret or tampered with. */
  open(sealed: string): string {
    const raw = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
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
