import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

// A backup file: header, then the AES-256-GCM ciphertext of the pg_dump archive, then GCM's tag.
//   magic "HGBACKUP" (8) | version (1) | salt (16) | iv (12) | key check (16) | ciphertext | tag (16)
// The key comes from scrypt(passphrase, salt); the key check (more scrypt output, never the key)
// tells a wrong passphrase apart before anything is decrypted, and the tag proves the whole file.

export const MAGIC = Buffer.from("HGBACKUP");
export const FORMAT_VERSION = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const CHECK_BYTES = 16;
const TAG_BYTES = 16;
export const HEADER_BYTES = MAGIC.length + 1 + SALT_BYTES + IV_BYTES + CHECK_BYTES;
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export class WrongPassphraseError extends Error {
  constructor() {
    super("Wrong passphrase: this backup was encrypted with another BACKUP_PASSPHRASE.");
    this.name = "WrongPassphraseError";
  }
}

export class DamagedBackupError extends Error {
  constructor(reason: string) {
    super(`The backup file is damaged or not a Homegraph backup: ${reason}`);
    this.name = "DamagedBackupError";
  }
}

function deriveKeys(passphrase: string, salt: Buffer): Promise<{ key: Buffer; check: Buffer }> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase, salt, 32 + CHECK_BYTES, SCRYPT, (err, out) =>
      err ? reject(err) : resolve({ key: out.subarray(0, 32), check: out.subarray(32) }),
    ),
  );
}

/** A stream that encrypts what passes through it: the header first, the tag last. */
export async function encryptStream(passphrase: string): Promise<Transform> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const { key, check } = await deriveKeys(passphrase, salt);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  let headerSent = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (!headerSent) {
        headerSent = true;
        this.push(Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION]), salt, iv, check]));
      }
      done(null, cipher.update(chunk));
    },
    flush(done: TransformCallback) {
      if (!headerSent) this.push(Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION]), salt, iv, check]));
      this.push(cipher.final());
      done(null, cipher.getAuthTag());
    },
  });
}

/** Reads the header of a backup and checks the passphrase against it. */
export async function openHeader(header: Buffer, passphrase: string): Promise<{ key: Buffer; iv: Buffer }> {
  if (header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new DamagedBackupError("it does not start with the Homegraph backup header");
  }
  const version = header[MAGIC.length];
  if (version !== FORMAT_VERSION) throw new DamagedBackupError(`unknown format version ${version}`);
  let at = MAGIC.length + 1;
  const salt = header.subarray(at, (at += SALT_BYTES));
  const iv = header.subarray(at, (at += IV_BYTES));
  const stored = header.subarray(at, at + CHECK_BYTES);
  const { key, check } = await deriveKeys(passphrase, salt);
  if (!timingSafeEqual(stored, check)) throw new WrongPassphraseError();
  return { key, iv };
}

/**
 * Decrypts the bytes after the header; holds back the last 16 (the tag) and fails at the end when
 * the tag does not prove the file, so a truncated or altered backup never passes as whole.
 */
export function decryptStream(key: Buffer, iv: Buffer): Transform {
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  let tail = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const all = Buffer.concat([tail, chunk]);
      const cut = Math.max(0, all.length - TAG_BYTES);
      tail = all.subarray(cut);
      done(null, cut > 0 ? decipher.update(all.subarray(0, cut)) : undefined);
    },
    flush(done: TransformCallback) {
      if (tail.length < TAG_BYTES) return done(new DamagedBackupError("it ends before its authentication tag"));
      try {
        decipher.setAuthTag(tail);
        done(null, decipher.final());
      } catch {
        done(new DamagedBackupError("its authentication tag does not match (truncated or altered)"));
      }
    },
  });
}
