import { Autocomplete, SimpleGrid, Text, TextInput } from "@mantine/core";
import { valueAt } from "../../forms/checked-form";
import { emptyCondition, MAX_CONDITIONS, type ConditionDraft, type ConditionType } from "./rule-draft";
import { DeviceSelect } from "./DeviceSelect";
import { textField, type PartProps } from "./rule-form";
import type { ListSpec } from "./RuleList";

const CONDITION_TYPES: { value: ConditionType; label: string }[] = [
  { value: "mode", label: "The mode is" },
  { value: "timeWindow", label: "Between two times" },
  { value: "device", label: "A device has a value" },
];

/** The hub is in a mode. */
function ModeCondition({ form, at, choices }: PartProps) {
  return <Autocomplete label="Mode" data={choices.modes} {...textField(form, `${at}.is`)} />;
}

/** The time of day is inside a window (it may span midnight). */
function TimeWindowCondition({ form, at }: PartProps) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }}>
      <TextInput label="From (HH:MM)" {...textField(form, `${at}.from`)} />
      <TextInput label="To (HH:MM)" {...textField(form, `${at}.to`)} />
    </SimpleGrid>
  );
}

/** A device's attribute has a value. */
function DeviceCondition({ form, at, choices }: PartProps) {
  const { deviceId } = valueAt(at, form.values) as ConditionDraft;
  return (
    <>
      <DeviceSelect form={form} at={at} choices={choices} />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Autocomplete label="Attribute" data={choices.attributesOf(deviceId)} {...textField(form, `${at}.attribute`)} />
        <TextInput label="Equals" {...textField(form, `${at}.equals`)} />
      </SimpleGrid>
    </>
  );
}

/** What must hold for the actions to run, all of it: one component per condition type. */
export const CONDITION_LIST: ListSpec<"conditions"> = {
  path: "conditions",
  noun: "Condition",
  types: CONDITION_TYPES,
  parts: { mode: ModeCondition, timeWindow: TimeWindowCondition, device: DeviceCondition },
  empty: emptyCondition,
  max: MAX_CONDITIONS,
  addLabel: "Add a condition",
  none: (
    <Text size="sm" c="dimmed">
      No conditions: the actions run every time.
    </Text>
  ),
};
