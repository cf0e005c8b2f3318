import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { HEADER_BYTES, decryptStream, encryptStream, openHeader } from "./crypto";

// The backup file's encryption: a wrong passphrase is told apart at the header, and a file cut
// short or altered anywhere fails its tag instead of passing as whole.

const PASSPHRASE = "a long backup passphrase";
const plain = Buffer.from("PGDMP… person@example.org …".repeat(5000));

async function collect(source: Readable, ...through: NodeJS.ReadWriteStream[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(
    source,
    ...(through as [NodeJS.ReadWriteStream]),
    new Writable({ write: (c, _e, done) => (chunks.push(c), done()) }),
  );
  return Buffer.concat(chunks);
}

async function encrypted(): Promise<Buffer> {
  // Several chunks, as pg_dump writes them.
  const parts = [plain.subarray(0, 1000), plain.subarray(1000, 70_000), plain.subarray(70_000)];
  return collect(Readable.from(parts), await encryptStream(PASSPHRASE));
}

async function decrypt(file: Buffer, passphrase = PASSPHRASE): Promise<Buffer> {
  const { key, iv } = await openHeader(file.subarray(0, HEADER_BYTES), passphrase);
  return collect(Readable.from([file.subarray(HEADER_BYTES)]), decryptStream(key, iv));
}

it("gives back exactly what went in, and holds no plaintext", async () => {
  const file = await encrypted();
  expect(file.includes(Buffer.from("person@example.org"))).toBe(false);
  expect((await decrypt(file)).equals(plain)).toBe(true);
});

it("refuses a wrong passphrase at the header", async () => {
  await expect(decrypt(await encrypted(), "another long passphrase")).rejects.toThrow(/Wrong passphrase/);
});

it("refuses a file altered in the middle or cut short", async () => {
  const file = await encrypted();
  const altered = Buffer.from(file);
  altered[HEADER_BYTES + 500]! ^= 1;
  await expect(decrypt(altered)).rejects.toThrow(/authentication tag does not match/);
  await expect(decrypt(file.subarray(0, file.length - 100))).rejects.toThrow(/authentication tag does not match/);
});

it("refuses a file that is not a backup", async () => {
  await expect(openHeader(Buffer.from("PGDMP not encrypted at all, no header here"), PASSPHRASE)).rejects.toThrow(
    /not a Homegraph backup/,
  );
});
