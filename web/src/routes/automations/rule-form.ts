import { useQuery } from "@apollo/client/react";
import type { ChangeEvent } from "react";
import { formPath, useCheckedForm, valueAt, type CheckedForm } from "../../forms/checked-form";
import { RuleChoicesQuery } from "./operations";
import { validateRule, type RuleDraft } from "./rule-draft";

// The editor's form holds a RuleDraft; its errors sit at the form's paths ("actions.0.deviceId")
// while each input carries the server's path in data-field ("actions[0].deviceId"), the one its
// errors name.

export type RuleForm = CheckedForm<RuleDraft>;

/** "actions.0.deviceId" as the server writes it, "actions[0].deviceId". */
export const serverPath = (path: string) => path.replace(/\.(\d+)(?=\.|$)/g, "[$1]");

export function useRuleForm(initial: RuleDraft): RuleForm {
  return useCheckedForm<RuleDraft>({
    initialValues: initial,
    validate: (rule) =>
      Object.fromEntries(Object.entries(validateRule(rule)).map(([path, message]) => [formPath(path), message])),
  });
}

/** What ties an input to its errors: its server path, the error itself, the ref focus goes through. */
export function marks(form: RuleForm, errorPath: string) {
  return { "data-field": serverPath(errorPath), error: form.errors[errorPath], ref: form.inputRef(errorPath) };
}

/** A TextInput, Textarea or Autocomplete editing the string at `path` (its errors may sit elsewhere). */
export function textField(form: RuleForm, path: string, errorPath = path) {
  return {
    ...marks(form, errorPath),
    value: String(valueAt(path, form.values) ?? ""),
    onChange: (next: string | ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      form.setFieldValue(path, typeof next === "string" ? next : next.currentTarget.value),
  };
}

/** A Select whose empty choice is "" in the draft; `also` resets the fields that depend on it. */
export function selectField(form: RuleForm, path: string, also?: () => void) {
  return {
    ...marks(form, path),
    value: String(valueAt(path, form.values) ?? "") || null,
    onChange: (next: string | null) => {
      form.setFieldValue(path, next ?? "");
      also?.();
    },
  };
}

interface DeviceChoice {
  id: string;
  label: string;
  room?: string | null;
  attributes: { name: string }[];
  commands: { name: string; argTypes: string[] }[];
}

export type RuleChoices = ReturnType<typeof useRuleChoices>;

/** The devices (with their attributes and commands) and modes a rule may name. */
export function useRuleChoices() {
  const { data, loading } = useQuery(RuleChoicesQuery);
  const devices: DeviceChoice[] = data?.devices ?? [];
  const deviceOf = (deviceId: string) => devices.find((d) => d.id === deviceId);
  return {
    loading,
    devices: devices.map((d) => ({ value: d.id, label: d.room ? `${d.label} (${d.room})` : d.label })),
    modes: (data?.hub.modes ?? []).map((m) => m.name),
    attributesOf: (deviceId: string) => deviceOf(deviceId)?.attributes.map((a) => a.name) ?? [],
    commandsOf: (deviceId: string) => deviceOf(deviceId)?.commands.map((c) => c.name) ?? [],
  };
}

/** What every part of the editor gets: the form, where its part sits in it, the choices. */
export interface PartProps {
  form: RuleForm;
  /** The part's form path: "trigger", "conditions.0", "actions.2". */
  at: string;
  choices: RuleChoices;
}
