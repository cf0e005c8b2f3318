import { Select } from "@mantine/core";
import { selectField, type PartProps } from "./rule-form";

/** The device a part names; choosing another clears `resets` (its attribute or command). */
export function DeviceSelect({ form, at, choices, resets }: PartProps & { resets?: "attribute" | "command" }) {
  return (
    <Select
      label="Device"
      searchable
      data={choices.devices}
      {...selectField(form, `${at}.deviceId`, resets && (() => form.setFieldValue(`${at}.${resets}`, "")))}
    />
  );
}
