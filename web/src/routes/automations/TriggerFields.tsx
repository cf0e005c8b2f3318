import { Autocomplete, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import type { ComponentType } from "react";
import type { Comparison, TriggerType } from "./rule-draft";
import { DeviceSelect } from "./DeviceSelect";
import { marks, textField, type PartProps } from "./rule-form";

const TRIGGER_TYPES = [
  { value: "attribute", label: "A device changes" },
  { value: "mode", label: "The mode changes" },
  { value: "time", label: "A time of day" },
];
const COMPARISONS = [
  { value: "becomes", label: "becomes" },
  { value: "above", label: "rises above" },
  { value: "below", label: "falls below" },
];

/** A device's attribute becomes a value, or crosses a number. */
function AttributeTrigger({ form, at, choices }: PartProps) {
  const trigger = form.values.trigger;
  return (
    <>
      <DeviceSelect form={form} at={at} choices={choices} resets="attribute" />
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Autocomplete
          label="Attribute"
          data={choices.attributesOf(trigger.deviceId)}
          {...textField(form, `${at}.attribute`)}
        />
        <Select
          label="Comparison"
          {...marks(form, `${at}.comparison`)}
          data={COMPARISONS}
          allowDeselect={false}
          value={trigger.comparison}
          onChange={(v) => v && form.setFieldValue(`${at}.comparison`, v as Comparison)}
        />
        {/* The server names the value by its comparison: trigger.becomes, trigger.above... */}
        <TextInput label="Value" {...textField(form, `${at}.value`, `${at}.${trigger.comparison}`)} />
      </SimpleGrid>
    </>
  );
}

/** The hub's mode becomes one. */
function ModeTrigger({ form, at, choices }: PartProps) {
  return <Autocomplete label="Mode" data={choices.modes} {...textField(form, `${at}.mode`, `${at}.becomes`)} />;
}

/** Every day at a time. */
function TimeTrigger({ form, at }: PartProps) {
  return <TextInput label="Time (HH:MM)" placeholder="07:30" {...textField(form, `${at}.at`)} />;
}

const TRIGGERS: Record<TriggerType, ComponentType<PartProps>> = {
  attribute: AttributeTrigger,
  mode: ModeTrigger,
  time: TimeTrigger,
};

/** When the rule runs: its kind, then that kind's own fields. */
export function TriggerFields({ form, choices }: Omit<PartProps, "at">) {
  const Fields = TRIGGERS[form.values.trigger.type];
  return (
    <Stack gap="sm">
      <Select
        label="Trigger"
        {...marks(form, "trigger.type")}
        data={TRIGGER_TYPES}
        allowDeselect={false}
        value={form.values.trigger.type}
        onChange={(v) => v && form.setFieldValue("trigger.type", v as TriggerType)}
      />
      <Fields form={form} at="trigger" choices={choices} />
    </Stack>
  );
}
