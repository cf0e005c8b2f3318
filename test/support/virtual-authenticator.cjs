"use strict";
// A software passkey authenticator (WebAuthn, ES256, attestation "none") for tests and the bench:
// what a browser's startRegistration / startAuthentication would resolve to, built with
// node:crypto and a small CBOR encoder of its own (so it checks the server's parsing rather than
// sharing it). Not a security device: its keys live in memory.
const { createHash, generateKeyPairSync, randomBytes, sign } = require("node:crypto");

const b64url = (bytes) => Buffer.from(bytes).toString("base64url");
const sha256 = (data) => createHash("sha256").update(data).digest();

/** CBOR (RFC 8949) for what WebAuthn needs: ints, byte and text strings, arrays, maps. */
function cbor(value) {
  const head = (major, n) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  if (value instanceof Map) {
    const parts = [head(5, value.size)];
    for (const [k, v] of value) parts.push(cbor(k), cbor(v));
    return Buffer.concat(parts);
  }
  if (value && typeof value === "object") return cbor(new Map(Object.entries(value)));
  throw new Error(`cbor: cannot encode ${typeof value}`);
}

const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 };

function counterBytes(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

class VirtualAuthenticator {
  /**
   * @param {{ origin: string, rpId?: string, backedUp?: boolean, userVerification?: boolean, countsUses?: boolean }} o
   * `backedUp`: a synced passkey (BE|BS flags); `countsUses` false: a counter that stays 0, as synced ones do.
   */
  constructor({ origin, rpId, backedUp = false, userVerification = true, countsUses = true }) {
    this.origin = origin;
    this.rpId = rpId ?? new URL(origin).hostname;
    this.backedUp = backedUp;
    this.userVerification = userVerification;
    this.countsUses = countsUses;
    /** credential id (base64url) → { privateKey, userHandle, rpId, counter } */
    this.credentials = new Map();
  }

  flags(attested) {
    let f = FLAG.UP | (this.userVerification ? FLAG.UV : 0);
    if (this.backedUp) f |= FLAG.BE | FLAG.BS;
    if (attested) f |= FLAG.AT;
    return f;
  }

  /** `navigator.credentials.create`: options as the server made them (object or JSON). */
  createResponse(options, { origin = this.origin, rpId } = {}) {
    const o = typeof options === "string" ? JSON.parse(options) : options;
    const rp = rpId ?? o.rp?.id ?? this.rpId;
    for (const excluded of o.excludeCredentials ?? []) {
      if (this.credentials.has(excluded.id)) throw new Error("InvalidStateError: this authenticator is excluded");
    }
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const coseKey = new Map([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x, "base64url")],
      [-3, Buffer.from(jwk.y, "base64url")],
    ]);
    const credentialId = randomBytes(16);
    const id = b64url(credentialId);
    const idLength = Buffer.from([credentialId.length >> 8, credentialId.length & 0xff]);
    const authData = Buffer.concat([
      sha256(rp),
      Buffer.from([this.flags(true)]),
      counterBytes(0),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      credentialId,
      cbor(coseKey),
    ]);
    this.credentials.set(id, { privateKey, userHandle: o.user.id, rpId: rp, counter: 0 });
    const clientDataJSON = JSON.stringify({
      type: "webauthn.create",
      challenge: o.challenge,
      origin,
      crossOrigin: false,
    });
    return {
      id,
      rawId: id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(Buffer.from(clientDataJSON)),
        attestationObject: b64url(cbor({ fmt: "none", attStmt: {}, authData })),
        transports: ["internal", "hybrid"],
      },
    };
  }

  /**
   * `navigator.credentials.get`: signs the options' challenge with a credential (the first allowed,
   * or `credentialId`). `counter` forces the signature counter (e.g. one that went backwards).
   */
  getResponse(options, { origin = this.origin, rpId, credentialId, counter, userHandle } = {}) {
    const o = typeof options === "string" ? JSON.parse(options) : options;
    const allowed = (o.allowCredentials ?? []).map((c) => c.id);
    const id = credentialId ?? [...this.credentials.keys()].find((c) => !allowed.length || allowed.includes(c));
    const credential = id && this.credentials.get(id);
    if (!credential) throw new Error("NotAllowedError: no passkey for this request");
    if (counter !== undefined) credential.counter = counter;
    else if (this.countsUses) credential.counter += 1;
    const authData = Buffer.concat([
      sha256(rpId ?? o.rpId ?? credential.rpId),
      Buffer.from([this.flags(false)]),
      counterBytes(credential.counter),
    ]);
    const clientData = Buffer.from(
      JSON.stringify({ type: "webauthn.get", challenge: o.challenge, origin, crossOrigin: false }),
    );
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientData)]), credential.privateKey);
    return {
      id,
      rawId: id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: userHandle ?? credential.userHandle,
      },
    };
  }

  /** A copy holding the same keys (a cloned authenticator), with its own counters from here on. */
  clone() {
    const copy = new VirtualAuthenticator(this);
    for (const [id, c] of this.credentials) copy.credentials.set(id, { ...c });
    return copy;
  }
}

module.exports = { VirtualAuthenticator, cbor };
