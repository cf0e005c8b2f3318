import { Button, ColorInput, Group, NumberInput, SegmentedControl, Slider, Stack, Switch, Text } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { LazyModal as Modal, LazySelect as Select } from "../lib/lazy";
import { LockIcon } from "../lib/LockIcon";
import { VIEW_ONLY } from "../lib/view-only";
import { attr, controlsFor, hexToHs, hsToHex, numberAttr, type ControlKind, type Device } from "./model";
import { useDeviceActions } from "./useDeviceActions";

type Actions = ReturnType<typeof useDeviceActions>;

/** A slider that sends once the person lets go, and follows the device while they do not touch it. */
function CommitSlider(props: {
  label: string;
  value: number;
  min?: number;
  max?: number;
  disabled?: boolean;
  onCommit: (value: number) => void;
}) {
  const [dragging, setDragging] = useState<number>();
  return (
    <Stack gap={4}>
      <Text size="sm" id={`${props.label}-label`}>
        {props.label}: {dragging ?? props.value}%
      </Text>
      <Slider
        aria-label={props.label}
        min={props.min ?? 0}
        max={props.max ?? 100}
        value={dragging ?? props.value}
        disabled={props.disabled}
        onChange={setDragging}
        onChangeEnd={(v) => {
          setDragging(undefined);
          props.onCommit(v);
        }}
      />
    </Stack>
  );
}

type ControlProps = { device: Device; actions: Actions; disabled?: boolean };

function SwitchControl({ device, actions, disabled }: ControlProps) {
  const on = attr(device, "switch") === "on";
  return (
    <Switch
      checked={on}
      onChange={(e) => void actions.setSwitch(e.currentTarget.checked)}
      label={on ? "On" : "Off"}
      aria-label={`${device.label} power`}
      size="md"
      disabled={disabled}
      data-testid={`switch-${device.id}`}
    />
  );
}

function LockControl({ device, actions, disabled }: ControlProps) {
  const state = String(attr(device, "lock") ?? "unknown");
  const [confirming, setConfirming] = useState(false);
  const locked = state === "locked";
  return (
    <>
      <Group justify="space-between">
        <Text size="sm">{locked ? "Locked" : state === "unknown" ? "Unknown" : "Unlocked"}</Text>
        {locked ? (
          <Button size="xs" variant="light" color="orange" disabled={disabled} onClick={() => setConfirming(true)}>
            Unlock…
          </Button>
        ) : (
          <Button size="xs" variant="light" disabled={disabled} onClick={() => void actions.lock()}>
            Lock
          </Button>
        )}
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Unlock ${device.label}?`} centered>
        <Stack>
          <Text size="sm">The door will be unlocked for anyone at it.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              color="orange"
              onClick={() => {
                setConfirming(false);
                void actions.unlock();
              }}
            >
              Unlock
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** A setpoint that is sent when the person leaves the field, and follows the device otherwise. */
function SetpointInput(props: {
  label: string;
  value?: number;
  disabled?: boolean;
  onCommit: (value: string) => void;
}) {
  return (
    <NumberInput
      label={props.label}
      size="xs"
      min={-40}
      max={120}
      step={0.5}
      decimalScale={1}
      defaultValue={props.value}
      disabled={props.disabled}
      key={String(props.value)}
      onBlur={(e) => props.onCommit(e.currentTarget.value)}
    />
  );
}

function ThermostatControl({ device, actions, disabled }: ControlProps) {
  const heating = numberAttr(device, "heatingSetpoint");
  const cooling = numberAttr(device, "coolingSetpoint");
  const mode = String(attr(device, "thermostatMode") ?? "");
  const supported = attr(device, "supportedThermostatModes");
  const modes = Array.isArray(supported) ? supported.map(String) : ["auto", "off", "heat", "cool"];
  const commit = (send: (t: number) => unknown) => (value: string | number) => {
    const n = typeof value === "number" ? value : Number(value);
    // The server's range (-40 to 120); anything else is never sent.
    if (Number.isFinite(n) && n >= -40 && n <= 120) void send(n);
  };
  return (
    <Stack gap="xs">
      <Group grow>
        <SetpointInput
          label="Heat to"
          value={heating}
          disabled={disabled}
          onCommit={commit(actions.setHeatingSetpoint)}
        />
        <SetpointInput
          label="Cool to"
          value={cooling}
          disabled={disabled}
          onCommit={commit(actions.setCoolingSetpoint)}
        />
      </Group>
      <Select
        label="Mode"
        size="xs"
        data={modes}
        value={mode || null}
        allowDeselect={false}
        disabled={disabled}
        onChange={(v) => v && v !== mode && void actions.setThermostatMode(v)}
      />
    </Stack>
  );
}

function ColorControl({ device, actions, disabled }: ControlProps) {
  const hue = numberAttr(device, "hue") ?? 0;
  const saturation = numberAttr(device, "saturation") ?? 0;
  const value = hsToHex(hue, saturation);
  return (
    <ColorInput
      label="Colour"
      size="xs"
      format="hex"
      value={value}
      key={value}
      disabled={disabled}
      onChangeEnd={(hex) => {
        const hs = hexToHs(hex);
        if (hs.hue !== hue || hs.saturation !== saturation) void actions.setColor(hs.hue, hs.saturation);
      }}
      swatches={["#ff4d4d", "#ffa94d", "#ffe066", "#69db7c", "#4dabf7", "#9775fa", "#f783ac", "#ffffff"]}
    />
  );
}

function ButtonControl({ device, actions, disabled }: ControlProps) {
  const count = Math.max(1, Math.min(12, numberAttr(device, "numberOfButtons") ?? 1));
  const [number, setNumber] = useState("1");
  return (
    <Group gap="xs" align="flex-end">
      {count > 1 && (
        <SegmentedControl
          size="xs"
          aria-label="Button number"
          data={Array.from({ length: count }, (_, i) => String(i + 1))}
          value={number}
          onChange={setNumber}
          disabled={disabled}
        />
      )}
      <Button size="xs" variant="light" disabled={disabled} onClick={() => void actions.pushButton(Number(number))}>
        Push {count > 1 ? number : ""}
      </Button>
    </Group>
  );
}

const RENDER: Record<ControlKind, (p: ControlProps) => ReactNode> = {
  switch: SwitchControl,
  level: ({ device, actions, disabled }) => (
    <CommitSlider
      label="Level"
      value={numberAttr(device, "level") ?? 0}
      disabled={disabled}
      onCommit={(v) => void actions.setLevel(v)}
    />
  ),
  color: ColorControl,
  lock: LockControl,
  thermostat: ThermostatControl,
  shade: ({ device, actions, disabled }) => (
    <CommitSlider
      label="Open"
      value={numberAttr(device, "position") ?? 0}
      disabled={disabled}
      onCommit={(v) => void actions.setShadePosition(v)}
    />
  ),
  button: ButtonControl,
};

export { VIEW_ONLY };

function ViewOnlyNote() {
  return (
    <Text size="xs" c="dimmed" data-testid="view-only">
      <LockIcon size={12} />
      {VIEW_ONLY}
    </Text>
  );
}

/** The controls a device's capabilities call for; `only` picks some. */
export function DeviceControls(props: { device: Device; only?: ControlKind[]; actions?: Actions }) {
  return props.actions ? <Controls {...props} actions={props.actions} /> : <OwnControls {...props} />;
}

function OwnControls(props: { device: Device; only?: ControlKind[] }) {
  return <Controls {...props} actions={useDeviceActions(props.device)} />;
}

function Controls({ device, only, actions }: { device: Device; only?: ControlKind[]; actions: Actions }) {
  const kinds = controlsFor(device).filter((k) => !only || only.includes(k));
  if (!kinds.length) return null;
  // The server refuses commands on a device the person may only VIEW: say so instead of failing.
  const viewOnly = device.myAccess === "VIEW";
  return (
    <Stack gap="sm">
      {kinds.map((kind) => {
        const Control = RENDER[kind];
        return <Control key={kind} device={device} actions={actions} disabled={viewOnly} />;
      })}
      {viewOnly && <ViewOnlyNote />}
    </Stack>
  );
}
