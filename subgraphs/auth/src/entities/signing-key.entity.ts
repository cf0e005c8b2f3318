import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

/** A JWT signing key pair; the private half encrypted (AES-256-GCM) under AUTH_SECRET. */
@Entity({ tableName: "signing_keys" })
export class SigningKey {
  @PrimaryKey({ type: "string", length: 64 })
  kid!: string;

  @Property({ type: "string", length: 8 })
  alg!: "ES256" | "RS256";

  @Property({ type: "json" })
  publicJwk!: Record<string, unknown>;

  @Property({ type: "text", hidden: true })
  privateKeyEnc!: string;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  /** Set when a newer key takes over signing; the key stays in the JWKS until its tokens expire. */
  @Property({ type: "datetime", nullable: true })
  retiredAt?: Date | null;
}
