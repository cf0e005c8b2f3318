import { Entity, ManyToOne, PrimaryKey, Property } from "@mikro-orm/core";
import { User } from "./user.entity.js";

/** A signed-in device. `token` holds a hash of the refresh token, never the token itself. */
@Entity({ tableName: "user_sessions" })
export class UserSession {
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => User, deleteRule: "cascade" })
  user!: User;

  @Property({ type: "string", length: 255, unique: true })
  token!: string;

  @Property({ type: "datetime" })
  expiresAt!: Date;

  @Property({ type: "datetime", defaultRaw: "now()" })
  createdAt: Date = new Date();
}
