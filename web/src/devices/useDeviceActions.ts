import { useMutation } from "@apollo/client/react";
import { useMutationFeedback } from "../forms/feedback";
import { withAttributes, type Device } from "./model";
import {
  LOCK,
  PUSH_BUTTON,
  SEND_DEVICE_COMMAND,
  SET_COLOR,
  SET_COOLING_SETPOINT,
  SET_HEATING_SETPOINT,
  SET_LEVEL,
  SET_SHADE_POSITION,
  SET_SWITCH,
  SET_THERMOSTAT_MODE,
  UNLOCK,
} from "./operations";

/**
 * Every device command with its feedback. Switch, level, colour and shade changes are optimistic:
 * the cache shows the new state at once, and Apollo puts the old one back if the command fails.
 */
export function useDeviceActions(device: Device) {
  const { run, pending } = useMutationFeedback();
  const [setSwitch] = useMutation(SET_SWITCH);
  const [setLevel] = useMutation(SET_LEVEL);
  const [setColor] = useMutation(SET_COLOR);
  const [lock] = useMutation(LOCK);
  const [unlock] = useMutation(UNLOCK);
  const [setHeating] = useMutation(SET_HEATING_SETPOINT);
  const [setCooling] = useMutation(SET_COOLING_SETPOINT);
  const [setMode] = useMutation(SET_THERMOSTAT_MODE);
  const [setShade] = useMutation(SET_SHADE_POSITION);
  const [push] = useMutation(PUSH_BUTTON);
  const [command] = useMutation(SEND_DEVICE_COMMAND);
  const deviceId = device.id;
  const label = device.label;

  return {
    pending,
    setSwitch: (on: boolean) =>
      run(
        () =>
          setSwitch({
            variables: { deviceId, on },
            optimisticResponse: {
              __typename: "Mutation",
              setSwitch: withAttributes(device, { switch: on ? "on" : "off" }),
            },
          }),
        { loading: `Turning ${label} ${on ? "on" : "off"}…`, success: `${label} is ${on ? "on" : "off"}.` },
      ),
    setLevel: (level: number) =>
      run(
        () =>
          setLevel({
            variables: { deviceId, level },
            optimisticResponse: { __typename: "Mutation", setLevel: withAttributes(device, { level }) },
          }),
        { loading: `Setting ${label} to ${level}%…`, success: `${label} is at ${level}%.` },
      ),
    setColor: (hue: number, saturation: number) =>
      run(
        () =>
          setColor({
            variables: { deviceId, hue, saturation },
            optimisticResponse: { __typename: "Mutation", setColor: withAttributes(device, { hue, saturation }) },
          }),
        { loading: `Changing ${label}'s colour…`, success: `${label}'s colour is changed.` },
      ),
    lock: () =>
      run(() => lock({ variables: { deviceId } }), { loading: `Locking ${label}…`, success: `${label} is locked.` }),
    unlock: () =>
      run(() => unlock({ variables: { deviceId } }), {
        loading: `Unlocking ${label}…`,
        success: `${label} is unlocked.`,
      }),
    setHeatingSetpoint: (temperature: number) =>
      run(() => setHeating({ variables: { deviceId, temperature } }), {
        loading: `Setting heating to ${temperature}°…`,
        success: `Heating setpoint is ${temperature}°.`,
      }),
    setCoolingSetpoint: (temperature: number) =>
      run(() => setCooling({ variables: { deviceId, temperature } }), {
        loading: `Setting cooling to ${temperature}°…`,
        success: `Cooling setpoint is ${temperature}°.`,
      }),
    setThermostatMode: (mode: string) =>
      run(() => setMode({ variables: { deviceId, mode } }), {
        loading: `Switching ${label} to ${mode}…`,
        success: `${label} is set to ${mode}.`,
      }),
    setShadePosition: (position: number) =>
      run(
        () =>
          setShade({
            variables: { deviceId, position },
            optimisticResponse: { __typename: "Mutation", setShadePosition: withAttributes(device, { position }) },
          }),
        { loading: `Moving ${label} to ${position}%…`, success: `${label} is moving to ${position}%.` },
      ),
    pushButton: (number: number) =>
      run(() => push({ variables: { deviceId, number } }), {
        loading: `Pushing button ${number}…`,
        success: `Button ${number} pushed.`,
      }),
    sendCommand: (name: string, args: unknown[]) =>
      run(() => command({ variables: { deviceId, command: name, args } }), {
        loading: `Sending ${name}…`,
        success: `${label}: ${name} sent.`,
      }),
  };
}
