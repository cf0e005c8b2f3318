import { useMutation } from "@apollo/client/react";
import { Group } from "@mantine/core";
import { useMutationFeedback } from "../forms/feedback";
import type { AccessLevel, HsmCommand } from "../gql/graphql";
import { LazySelect as Select } from "../lib/lazy";
import { VIEW_ONLY } from "../lib/view-only";
import { SET_HSM, SET_HUB_MODE } from "./operations";

/** HSM statuses the hub reports, and the command that reaches each. */
const HSM_CHOICES: { value: HsmCommand; label: string; status: string }[] = [
  { value: "disarm", label: "Disarmed", status: "disarmed" },
  { value: "armHome", label: "Armed home", status: "armedHome" },
  { value: "armNight", label: "Armed night", status: "armedNight" },
  { value: "armAway", label: "Armed away", status: "armedAway" },
];

/**
 * The house mode and HSM for the dashboard's header, as the person's own levels allow: hidden
 * without VIEW (the server sends no state then), disabled with the reason with VIEW only.
 */
export function HubControls(props: {
  mode: string | null;
  modes: string[];
  hsmStatus: string | null;
  access: { hsm: AccessLevel; mode: AccessLevel };
}) {
  const { run } = useMutationFeedback();
  const [setMode] = useMutation(SET_HUB_MODE);
  const [setHsm] = useMutation(SET_HSM);
  const hsm = HSM_CHOICES.find((c) => c.status === props.hsmStatus);
  const { access } = props;
  return (
    <Group gap="sm" align="flex-end">
      {access.mode !== "NONE" && (
        <Select
          label="Mode"
          disabled={access.mode !== "CONTROL"}
          description={access.mode === "CONTROL" ? undefined : VIEW_ONLY}
          w={160}
          data={props.modes}
          value={props.mode}
          allowDeselect={false}
          data-testid="hub-mode"
          onChange={(mode) =>
            mode &&
            mode !== props.mode &&
            void run(() => setMode({ variables: { mode } }), {
              loading: `Switching the house to ${mode}…`,
              success: `The house is in ${mode} mode.`,
            })
          }
        />
      )}
      {access.hsm !== "NONE" && (
        <Select
          label="Security (HSM)"
          disabled={access.hsm !== "CONTROL"}
          description={access.hsm === "CONTROL" ? undefined : VIEW_ONLY}
          w={180}
          data={HSM_CHOICES.map(({ value, label }) => ({ value, label }))}
          value={hsm?.value ?? null}
          placeholder={props.hsmStatus ?? "Unknown"}
          allowDeselect={false}
          data-testid="hub-hsm"
          onChange={(value) => {
            const choice = HSM_CHOICES.find((c) => c.value === value);
            if (!choice || choice.status === props.hsmStatus) return;
            void run(() => setHsm({ variables: { value: choice.value } }), {
              loading: `${choice.label}…`,
              success: `Security: ${choice.label.toLowerCase()}.`,
            });
          }}
        />
      )}
    </Group>
  );
}
