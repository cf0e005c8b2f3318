import { Autocomplete, Select, SimpleGrid, Textarea, TextInput } from "@mantine/core";
import { valueAt } from "../../forms/checked-form";
import { emptyAction, MAX_ACTIONS, type ActionDraft, type ActionType } from "./rule-draft";
import { DeviceSelect } from "./DeviceSelect";
import { selectField, textField, type PartProps } from "./rule-form";
import type { ListSpec } from "./RuleList";

const ACTION_TYPES: { value: ActionType; label: string }[] = [
  { value: "command", label: "Send a device command" },
  { value: "setMode", label: "Set the mode" },
  { value: "notify", label: "Email a notification" },
];
const ROLES = [
  { value: "ADMIN", label: "Admins" },
  { value: "MEMBER", label: "Members" },
];

/** A command to a device, with its arguments. */
function CommandAction({ form, at, choices }: PartProps) {
  const { deviceId } = valueAt(at, form.values) as ActionDraft;
  return (
    <>
      <DeviceSelect form={form} at={at} choices={choices} resets="command" />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Autocomplete label="Command" data={choices.commandsOf(deviceId)} {...textField(form, `${at}.command`)} />
        <TextInput label="Arguments (JSON list)" placeholder="[50]" {...textField(form, `${at}.args`)} />
      </SimpleGrid>
    </>
  );
}

/** The hub's mode changes. */
function SetModeAction({ form, at, choices }: PartProps) {
  return <Autocomplete label="Mode" data={choices.modes} {...textField(form, `${at}.mode`)} />;
}

/** An email to everyone with a role (and the people the rule already names). */
function NotifyAction({ form, at }: PartProps) {
  const { userIds } = valueAt(at, form.values) as ActionDraft;
  return (
    <>
      <Select
        label="Send to"
        data={ROLES}
        description={userIds.length ? `And ${userIds.length} chosen people` : undefined}
        {...selectField(form, `${at}.role`)}
      />
      <TextInput label="Subject" {...textField(form, `${at}.subject`)} />
      <Textarea label="Message" autosize minRows={2} {...textField(form, `${at}.message`)} />
    </>
  );
}

/** What the rule does, in order: one component per action type. */
export const ACTION_LIST: ListSpec<"actions"> = {
  path: "actions",
  noun: "Action",
  types: ACTION_TYPES,
  parts: { command: CommandAction, setMode: SetModeAction, notify: NotifyAction },
  empty: emptyAction,
  max: MAX_ACTIONS,
  addLabel: "Add an action",
};
