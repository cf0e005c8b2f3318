import { Entity, Enum, PrimaryKey, Property } from "@mikro-orm/core";
import { AccessLevel } from "../services/access-model.js";

/** What a role gets where nobody granted anything, as an admin set it (built-in values until then). */
@Entity({ tableName: "access_role_defaults" })
export class RoleAccessDefault {
  /** MEMBER or GUEST: an admin always has CONTROL. */
  @PrimaryKey({ type: "string", length: 16 })
  role!: string;

  @Enum({ items: () => AccessLevel, type: "string" })
  ordinary!: AccessLevel;

  /** At most VIEW: a secure device needs its own CONTROL grant. */
  @Enum({ items: () => AccessLevel, type: "string" })
  secure!: AccessLevel;

  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
