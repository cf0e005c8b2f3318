import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** Development only (no LOCK_CODE_SECRET nor SERVICE_SECRET): production refuses to start without SERVICE_SECRET. */
const DEVELOPMENT_SECRET = "homegraph development lock code key, never for a real household";

/**
 * Lock codes at rest: AES-256-GCM under a key derived (HKDF-SHA256) from LOCK_CODE_SECRET, else
 * SERVICE_SECRET, so a copy of the database (a backup) holds no code a guest could use.
 */
export class LockCodeCipher {
  private readonly key: Buffer;

  constructor(secret: string | undefined) {
    this.key = Buffer.from(hkdfSync("sha256", secret ?? DEVELOPMENT_SECRET, "homegraph", "lock codes v1", 32));
  }

  seal(code: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(code, "utf8"), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
  }

  /** The code; throws when it was sealed under another key (the secret changed) or was tampered with. */
  open(sealed: string): string {
    if (!sealed.startsWith("v1.")) throw new Error("not a sealed lock code");
    const raw = Buffer.from(sealed.slice(3), "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }
}
