import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { User } from "./user.entity.js";

/**
 * A developer's API token (`hgp_…`). Exchanged for short-lived access tokens whose `sid` is `id`,
 * so revoking it is a session revocation like any other. `tokenHash` is a keyed hash of the secret.
 */
@Entity({ tableName: "api_tokens" })
export class ApiToken {
  [OptionalProps]?: "createdAt" | "lastUsedAt" | "revokedAt" | "revokedReason";

  @PrimaryKey({ type: "uuid" })
  id!: string;

  @ManyToOne({ entity: () => User, deleteRule: "cascade" })
  user!: User;

  @Property({ type: "string", length: 100 })
  name!: string;

  @Property({ type: "string", length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();

  /** Null: never expires (until revoked). */
  @Property({ type: "datetime", nullable: true })
  expiresAt?: Date | null;

  /** The last exchange, moved at most once a minute; null until first used. */
  @Property({ type: "datetime", nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: "datetime", nullable: true })
  revokedAt?: Date | null;

  @Property({ type: "string", length: 64, nullable: true })
  revokedReason?: string | null;
}
