import { Entity, PrimaryKey, Property } from "@mikro-orm/core";

@Entity({ tableName: "system_settings" })
export class SystemSetting {
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 255, unique: true })
  key!: string;

  @Property({ type: "text", nullable: true })
  value?: string | null;

  @Property({ type: "datetime", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
