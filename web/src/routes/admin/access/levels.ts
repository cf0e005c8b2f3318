import type { AccessLevel, AccessSource, SecureCapability } from "../../../gql/graphql";

// The levels as the People & access screen words them; "" in a select is "the default" (null to the server).

export const LEVELS: AccessLevel[] = ["NONE", "VIEW", "CONTROL"];
export const LEVEL_LABEL: Record<AccessLevel, string> = { NONE: "None", VIEW: "View", CONTROL: "Control" };

/** Where a level without a grant of its own comes from, for the "Default (…)" option. */
export const SOURCE_LABEL: Record<AccessSource, string> = {
  ADMIN: "admin",
  DEVICE_GRANT: "device",
  ROOM_GRANT: "room",
  CAPABILITY_GRANT: "grant",
  ROLE_DEFAULT: "role default",
};

export const SECURE_NOTE = "needs an explicit CONTROL grant";

/** The household-wide secure capabilities, as the screen names them. */
export const CAPABILITIES: { capability: SecureCapability; label: string }[] = [
  { capability: "HSM", label: "Alarm (HSM)" },
  { capability: "MODE", label: "House mode" },
];

export interface LevelOption {
  value: string;
  label: string;
}

/** The select's options: the default (showing what it gives now) first, then each level. */
export function levelOptions(defaultLevel: AccessLevel | undefined, from: string, choices = LEVELS): LevelOption[] {
  const shown = defaultLevel ? `${LEVEL_LABEL[defaultLevel]}, ${from}` : from;
  return [{ value: "", label: `Default (${shown})` }, ...choices.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))];
}

/** The select's value back to the server's: "" is null, the default. */
export const levelOrNull = (value: string): AccessLevel | null => (value ? (value as AccessLevel) : null);
