import type { Stack } from "./stack";

/** Homegraph's id of the device the hub knows as `hubId`. */
export async function deviceIdOf(stack: Stack, hubId: string): Promise<string> {
  const [row] = await stack.sql(`select id from home.devices where hub_device_id = $1`, [hubId]);
  return String(row!.id);
}

/** A physical change on the simulated hub (a door opened by hand), which the hub then posts to home. */
export async function physicalChange(stack: Stack, hubId: string, name: string, value: string | number): Promise<void> {
  const res = await fetch(`${stack.hub!.url}/_sim/devices/${hubId}/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, value }),
  });
  if (res.status !== 202) throw new Error(`the simulator refused the change: HTTP ${res.status}`);
}
