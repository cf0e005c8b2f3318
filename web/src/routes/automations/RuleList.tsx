import { ActionIcon, Button, Group, Paper, Select, Stack, Text } from "@mantine/core";
import type { ComponentType, ReactNode } from "react";
import type { RuleDraft } from "./rule-draft";
import { marks, type PartProps, type RuleChoices, type RuleForm } from "./rule-form";

type ListPath = "conditions" | "actions";
type ItemOf<P extends ListPath> = RuleDraft[P][number];
type TypeOf<P extends ListPath> = ItemOf<P>["type"];

/** What a list of conditions or actions is made of. */
export interface ListSpec<P extends ListPath> {
  path: P;
  /** "Condition", "Action": names each item ("Condition 2") and its remove button. */
  noun: string;
  types: { value: TypeOf<P>; label: string }[];
  /** The fields of each type, one component per type. */
  parts: Record<TypeOf<P>, ComponentType<PartProps>>;
  /** A new item of a type (of the default type without one). */
  empty: (type?: TypeOf<P>) => ItemOf<P>;
  max: number;
  addLabel: string;
  /** Shown while the list is empty. */
  none?: ReactNode;
}

type ListProps<P extends ListPath> = ListSpec<P> & { form: RuleForm; choices: RuleChoices };

/** The conditions or the actions: each item its type and that type's fields, added and removed in place. */
export function RuleList<P extends ListPath>({
  form,
  choices,
  path,
  noun,
  types,
  parts,
  empty,
  max,
  addLabel,
  none,
}: ListProps<P>) {
  const items: ItemOf<P>[] = form.values[path];
  const error = form.errors[path];
  return (
    <Stack gap="sm">
      {items.length === 0 && none}
      {items.map((item, i) => {
        const at = `${path}.${i}`;
        const Fields: ComponentType<PartProps> = parts[item.type as TypeOf<P>];
        return (
          <Paper key={i} withBorder p="sm" aria-label={`${noun} ${i + 1}`} role="group">
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-end">
                <Select
                  label={`${noun} ${i + 1}`}
                  {...marks(form, `${at}.type`)}
                  data={types}
                  allowDeselect={false}
                  value={item.type}
                  onChange={(v) => v && form.replaceListItem(path as ListPath, i, empty(v as TypeOf<P>))}
                  style={{ flex: 1 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`}
                  onClick={() => form.removeListItem(path, i)}
                >
                  ✕
                </ActionIcon>
              </Group>
              <Fields form={form} at={at} choices={choices} />
            </Stack>
          </Paper>
        );
      })}
      <Button
        variant="light"
        onClick={() => form.insertListItem(path as ListPath, empty())}
        disabled={items.length >= max}
      >
        {addLabel}
      </Button>
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
