import { NativeSelect } from "@mantine/core";
import type { AccessLevel } from "../../../gql/graphql";
import { levelOptions, levelOrNull, LEVELS } from "./levels";

/**
 * One cell of the matrix: a person's grant on a room or a device. The default (no grant) is its
 * own option, dimmed and in italics, so a deliberate level stands out from an inherited one.
 */
export function LevelSelect(props: {
  label: string;
  granted: AccessLevel | null;
  /** What applies without a grant, and where it comes from. */
  inherited?: AccessLevel;
  from: string;
  choices?: AccessLevel[];
  onChange: (level: AccessLevel | null) => void;
  testId?: string;
}) {
  const isDefault = props.granted === null;
  return (
    <NativeSelect
      size="xs"
      aria-label={props.label}
      data={levelOptions(props.inherited, props.from, props.choices ?? LEVELS)}
      value={props.granted ?? ""}
      onChange={(e) => {
        const next = levelOrNull(e.currentTarget.value);
        if (next !== props.granted) props.onChange(next);
      }}
      data-testid={props.testId}
      data-default={isDefault || undefined}
      styles={{
        input: isDefault ? { fontStyle: "italic", color: "var(--mantine-color-dimmed)" } : { fontWeight: 600 },
      }}
    />
  );
}
