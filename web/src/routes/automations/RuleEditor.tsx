import { useMutation, useQuery } from "@apollo/client/react";
import {
  ActionIcon,
  Autocomplete,
  Button,
  Fieldset,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { errorInfo } from "../../forms/errors";
import { FormError } from "../../forms/FormError";
import { useMutationFeedback } from "../../forms/feedback";
import { AutomationsQuery, CreateAutomationMutation, RuleChoicesQuery, UpdateAutomationMutation } from "./operations";
import {
  emptyAction,
  emptyCondition,
  toInput,
  validateRule,
  type ActionDraft,
  type ActionType,
  type Comparison,
  type ConditionDraft,
  type ConditionType,
  type DraftErrors,
  type RuleDraft,
  type TriggerType,
} from "./rule-draft";

interface DeviceChoice {
  id: string;
  label: string;
  room?: string | null;
  attributes: { name: string }[];
  commands: { name: string; argTypes: string[] }[];
}

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
const CONDITION_TYPES = [
  { value: "mode", label: "The mode is" },
  { value: "timeWindow", label: "Between two times" },
  { value: "device", label: "A device has a value" },
];
const ACTION_TYPES = [
  { value: "command", label: "Send a device command" },
  { value: "setMode", label: "Set the mode" },
  { value: "notify", label: "Email a notification" },
];
const ROLES = [
  { value: "ADMIN", label: "Admins" },
  { value: "MEMBER", label: "Members" },
];

// Inputs carry their server field path in data-field (Mantine's Select gives `name` to a hidden
// input); paths hold only letters, digits, dots and brackets, so they sit safely in the selector.
const inputNamed = (path: string) =>
  typeof document === "undefined" ? null : document.querySelector<HTMLElement>(`[data-field="${path}"]`);

function focusFirstError(errors: DraftErrors) {
  const first = Object.keys(errors)[0];
  if (first) inputNamed(first)?.focus();
}

export function RuleEditor({ id, initial }: { id?: string; initial: RuleDraft }) {
  const navigate = useNavigate();
  const [rule, setRule] = useState<RuleDraft>(initial);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<string>();
  const choices = useQuery(RuleChoicesQuery);
  const [create] = useMutation(CreateAutomationMutation, { refetchQueries: [AutomationsQuery] });
  const [update] = useMutation(UpdateAutomationMutation);
  const { run, pending } = useMutationFeedback();

  const devices: DeviceChoice[] = choices.data?.devices ?? [];
  const deviceData = devices.map((d) => ({ value: d.id, label: d.room ? `${d.label} (${d.room})` : d.label }));
  const modes = (choices.data?.hub.modes ?? []).map((m) => m.name);
  const deviceOf = (deviceId: string) => devices.find((d) => d.id === deviceId);
  const attributesOf = (deviceId: string) => deviceOf(deviceId)?.attributes.map((a) => a.name) ?? [];
  const commandsOf = (deviceId: string) => deviceOf(deviceId)?.commands.map((c) => c.name) ?? [];

  // Editing a part clears its message once it is right, as the other forms do.
  const change = (next: RuleDraft) => {
    setRule(next);
    if (Object.keys(errors).length) {
      const now = validateRule(next);
      setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => now[k])));
    }
  };
  const err = (path: string) => errors[path];
  const setTrigger = (patch: Partial<RuleDraft["trigger"]>) =>
    change({ ...rule, trigger: { ...rule.trigger, ...patch } });
  const setCondition = (i: number, patch: Partial<ConditionDraft>) =>
    change({ ...rule, conditions: rule.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const setAction = (i: number, patch: Partial<ActionDraft>) =>
    change({ ...rule, actions: rule.actions.map((a, j) => (j === i ? { ...a, ...patch } : a)) });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateRule(rule);
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length) {
      focusFirstError(found);
      return;
    }
    const input = toInput(rule);
    try {
      const saved = await run(
        async () =>
          id
            ? (await update({ variables: { id, input } })).data?.updateAutomation
            : (await create({ variables: { input } })).data?.createAutomation,
        { loading: "Saving the automation…", success: "Automation saved." },
        { rethrow: true },
      );
      if (saved) navigate("/automations");
    } catch (error) {
      const info = errorInfo(error);
      if (info.field && inputNamed(info.field)) {
        setErrors({ [info.field]: info.message });
        focusFirstError({ [info.field]: info.message });
      } else {
        setFormError(info.message);
      }
    }
  };

  const t = rule.trigger;
  return (
    <Paper
      withBorder
      p={{ base: "sm", sm: "lg" }}
      component="form"
      noValidate
      onSubmit={submit}
      aria-labelledby="rule-title"
    >
      <Stack>
        <Group justify="space-between">
          <Title order={2} id="rule-title" size="h3">
            {id ? "Edit automation" : "New automation"}
          </Title>
          {choices.loading && <Loader size="sm" aria-label="Loading devices and modes" />}
        </Group>
        <TextInput
          label="Name"
          data-field="name"
          required
          value={rule.name}
          error={err("name")}
          onChange={(e) => change({ ...rule, name: e.currentTarget.value })}
        />

        <Fieldset legend="When">
          <Stack gap="sm">
            <Select
              label="Trigger"
              data-field="trigger.type"
              data={TRIGGER_TYPES}
              allowDeselect={false}
              value={t.type}
              onChange={(v) => v && setTrigger({ type: v as TriggerType })}
            />
            {t.type === "attribute" && (
              <>
                <Select
                  label="Device"
                  data-field="trigger.deviceId"
                  searchable
                  data={deviceData}
                  value={t.deviceId || null}
                  error={err("trigger.deviceId")}
                  onChange={(v) => setTrigger({ deviceId: v ?? "", attribute: "" })}
                />
                <SimpleGrid cols={{ base: 1, xs: 3 }}>
                  <Autocomplete
                    label="Attribute"
                    data-field="trigger.attribute"
                    data={attributesOf(t.deviceId)}
                    value={t.attribute}
                    error={err("trigger.attribute")}
                    onChange={(v) => setTrigger({ attribute: v })}
                  />
                  <Select
                    label="Comparison"
                    data-field="trigger.comparison"
                    data={COMPARISONS}
                    allowDeselect={false}
                    value={t.comparison}
                    onChange={(v) => v && setTrigger({ comparison: v as Comparison })}
                  />
                  <TextInput
                    label="Value"
                    data-field={`trigger.${t.comparison}`}
                    value={t.value}
                    error={err(`trigger.${t.comparison}`)}
                    onChange={(e) => setTrigger({ value: e.currentTarget.value })}
                  />
                </SimpleGrid>
              </>
            )}
            {t.type === "mode" && (
              <Autocomplete
                label="Mode"
                data-field="trigger.becomes"
                data={modes}
                value={t.mode}
                error={err("trigger.becomes")}
                onChange={(v) => setTrigger({ mode: v })}
              />
            )}
            {t.type === "time" && (
              <TextInput
                label="Time (HH:MM)"
                data-field="trigger.at"
                placeholder="07:30"
                value={t.at}
                error={err("trigger.at")}
                onChange={(e) => setTrigger({ at: e.currentTarget.value })}
              />
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend="Only if (all hold)">
          <Stack gap="sm">
            {rule.conditions.length === 0 && (
              <Text size="sm" c="dimmed">
                No conditions: the actions run every time.
              </Text>
            )}
            {rule.conditions.map((c, i) => (
              <Paper key={i} withBorder p="sm" aria-label={`Condition ${i + 1}`} role="group">
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap" align="flex-end">
                    <Select
                      label={`Condition ${i + 1}`}
                      data-field={`conditions[${i}].type`}
                      data={CONDITION_TYPES}
                      allowDeselect={false}
                      value={c.type}
                      onChange={(v) => v && setCondition(i, { ...emptyCondition(v as ConditionType) })}
                      style={{ flex: 1 }}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={`Remove condition ${i + 1}`}
                      onClick={() => change({ ...rule, conditions: rule.conditions.filter((_, j) => j !== i) })}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                  {c.type === "mode" && (
                    <Autocomplete
                      label="Mode"
                      data-field={`conditions[${i}].is`}
                      data={modes}
                      value={c.is}
                      error={err(`conditions[${i}].is`)}
                      onChange={(v) => setCondition(i, { is: v })}
                    />
                  )}
                  {c.type === "timeWindow" && (
                    <SimpleGrid cols={{ base: 1, xs: 2 }}>
                      <TextInput
                        label="From (HH:MM)"
                        data-field={`conditions[${i}].from`}
                        value={c.from}
                        error={err(`conditions[${i}].from`)}
                        onChange={(e) => setCondition(i, { from: e.currentTarget.value })}
                      />
                      <TextInput
                        label="To (HH:MM)"
                        data-field={`conditions[${i}].to`}
                        value={c.to}
                        error={err(`conditions[${i}].to`)}
                        onChange={(e) => setCondition(i, { to: e.currentTarget.value })}
                      />
                    </SimpleGrid>
                  )}
                  {c.type === "device" && (
                    <>
                      <Select
                        label="Device"
                        data-field={`conditions[${i}].deviceId`}
                        searchable
                        data={deviceData}
                        value={c.deviceId || null}
                        error={err(`conditions[${i}].deviceId`)}
                        onChange={(v) => setCondition(i, { deviceId: v ?? "" })}
                      />
                      <SimpleGrid cols={{ base: 1, xs: 2 }}>
                        <Autocomplete
                          label="Attribute"
                          data-field={`conditions[${i}].attribute`}
                          data={attributesOf(c.deviceId)}
                          value={c.attribute}
                          error={err(`conditions[${i}].attribute`)}
                          onChange={(v) => setCondition(i, { attribute: v })}
                        />
                        <TextInput
                          label="Equals"
                          data-field={`conditions[${i}].equals`}
                          value={c.equals}
                          error={err(`conditions[${i}].equals`)}
                          onChange={(e) => setCondition(i, { equals: e.currentTarget.value })}
                        />
                      </SimpleGrid>
                    </>
                  )}
                </Stack>
              </Paper>
            ))}
            <Button
              variant="light"
              onClick={() => change({ ...rule, conditions: [...rule.conditions, emptyCondition()] })}
              disabled={rule.conditions.length >= 20}
            >
              Add a condition
            </Button>
            {err("conditions") && (
              <Text c="red" size="sm" role="alert">
                {err("conditions")}
              </Text>
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend="Then (in order)">
          <Stack gap="sm">
            {rule.actions.map((a, i) => (
              <Paper key={i} withBorder p="sm" aria-label={`Action ${i + 1}`} role="group">
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap" align="flex-end">
                    <Select
                      label={`Action ${i + 1}`}
                      data-field={`actions[${i}].type`}
                      data={ACTION_TYPES}
                      allowDeselect={false}
                      value={a.type}
                      onChange={(v) => v && setAction(i, { ...emptyAction(v as ActionType) })}
                      style={{ flex: 1 }}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={`Remove action ${i + 1}`}
                      onClick={() => change({ ...rule, actions: rule.actions.filter((_, j) => j !== i) })}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                  {a.type === "command" && (
                    <>
                      <Select
                        label="Device"
                        data-field={`actions[${i}].deviceId`}
                        searchable
                        data={deviceData}
                        value={a.deviceId || null}
                        error={err(`actions[${i}].deviceId`)}
                        onChange={(v) => setAction(i, { deviceId: v ?? "", command: "" })}
                      />
                      <SimpleGrid cols={{ base: 1, xs: 2 }}>
                        <Autocomplete
                          label="Command"
                          data-field={`actions[${i}].command`}
                          data={commandsOf(a.deviceId)}
                          value={a.command}
                          error={err(`actions[${i}].command`)}
                          onChange={(v) => setAction(i, { command: v })}
                        />
                        <TextInput
                          label="Arguments (JSON list)"
                          data-field={`actions[${i}].args`}
                          placeholder="[50]"
                          value={a.args}
                          error={err(`actions[${i}].args`)}
                          onChange={(e) => setAction(i, { args: e.currentTarget.value })}
                        />
                      </SimpleGrid>
                    </>
                  )}
                  {a.type === "setMode" && (
                    <Autocomplete
                      label="Mode"
                      data-field={`actions[${i}].mode`}
                      data={modes}
                      value={a.mode}
                      error={err(`actions[${i}].mode`)}
                      onChange={(v) => setAction(i, { mode: v })}
                    />
                  )}
                  {a.type === "notify" && (
                    <>
                      <Select
                        label="Send to"
                        data-field={`actions[${i}].role`}
                        data={ROLES}
                        value={a.role || null}
                        error={err(`actions[${i}].role`)}
                        onChange={(v) => setAction(i, { role: (v ?? "") as ActionDraft["role"] })}
                        description={a.userIds.length ? `And ${a.userIds.length} chosen people` : undefined}
                      />
                      <TextInput
                        label="Subject"
                        data-field={`actions[${i}].subject`}
                        value={a.subject}
                        error={err(`actions[${i}].subject`)}
                        onChange={(e) => setAction(i, { subject: e.currentTarget.value })}
                      />
                      <Textarea
                        label="Message"
                        data-field={`actions[${i}].message`}
                        autosize
                        minRows={2}
                        value={a.message}
                        error={err(`actions[${i}].message`)}
                        onChange={(e) => setAction(i, { message: e.currentTarget.value })}
                      />
                    </>
                  )}
                </Stack>
              </Paper>
            ))}
            <Button
              variant="light"
              onClick={() => change({ ...rule, actions: [...rule.actions, emptyAction()] })}
              disabled={rule.actions.length >= 20}
            >
              Add an action
            </Button>
            {err("actions") && (
              <Text c="red" size="sm" role="alert">
                {err("actions")}
              </Text>
            )}
          </Stack>
        </Fieldset>

        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" component={Link} to="/automations">
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {id ? "Save" : "Create automation"}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
