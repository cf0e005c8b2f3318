import { SecretBox } from "@homegraph/common";

/** Development only (no LOCK_CODE_SECRET nor SERVICE_SECRET): production refuses to start without SERVICE_SECRET. */
const DEVELOPMENT_SECRET = "homegraph development lock code key, never for a real household";

/**
 * Lock codes at rest: common's SecretBox under a key derived from LOCK_CODE_SECRET, else
 * SERVICE_SECRET, so a copy of the database (a backup) holds no code a guest could use.
 */
export class LockCodeCipher {
  private readonly box: SecretBox;

  constructor(secret: string | undefined) {
    this.box = new SecretBox(secret ?? DEVELOPMENT_SECRET, "home", "lock codes v1");
  }

  seal(code: string): string {
    return `v1.${this.box.seal(code)}`;
  }

  /** The code; throws when it was sealed under another key (the secret changed) or was tampered with. */
  open(sealed: string): string {
    if (!sealed.startsWith("v1.")) throw new Error("not a sealed lock code");
    return this.box.open(sealed.slice(3));
  }
}
