import { Autocomplete, Checkbox, Group, Select, SimpleGrid, Textarea, TextInput } from "@mantine/core";
import { valueAt } from "../../forms/checked-form";
import { emptyAction, MAX_ACTIONS, NOTIFY_CHANNELS, type ActionDraft, type ActionType } from "./rule-draft";
import { DeviceSelect } from "./DeviceSelect";
import { marks, selectField, textField, type PartProps } from "./rule-form";
import type { ListSpec } from "./RuleList";

const ACTION_TYPES: { value: ActionType; label: string }[] = [
  { value: "command", label: "Send a device command" },
  { value: "setMode", label: "Set the mode" },
  { value: "notify", label: "Send a notification" },
];
const CHANNEL_LABELS = { IN_APP: "In the app", PUSH: "Push to phones", EMAIL: "Email" } as const;
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

/** A notice to everyone with a role (and the people the rule already names), by the channels ticked. */
function NotifyAction({ form, at }: PartProps) {
  const { userIds, channels } = valueAt(at, form.values) as ActionDraft;
  const { ref, ...channelMarks } = marks(form, `${at}.channels`);
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
      <Checkbox.Group
        label="Send by"
        {...channelMarks}
        value={channels}
        onChange={(next) =>
          form.setFieldValue(
            `${at}.channels`,
            NOTIFY_CHANNELS.filter((c) => next.includes(c)),
          )
        }
      >
        <Group mt={4}>
          {NOTIFY_CHANNELS.map((c, i) => (
            <Checkbox key={c} value={c} label={CHANNEL_LABELS[c]} ref={i === 0 ? ref : undefined} />
          ))}
        </Group>
      </Checkbox.Group>
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
