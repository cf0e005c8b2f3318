import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * AES-256-GCM under a key derived (HKDF-SHA256) from a secret, with the service and a purpose in
 * the derivation so the same secret never encrypts two kinds of data under one key: signing keys
 * and mail secrets in auth, lock codes in home. Output: base64url of iv | tag | ciphertext.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string, service: string, purpose: string) {
    this.key = Buffer.from(hkdfSync("sha256", secret, `homegraph-${service}`, purpose, 32));
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
