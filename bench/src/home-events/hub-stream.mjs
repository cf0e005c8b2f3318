// The stream of hub events the fan-out ramp sends, and how a subscriber reads an event's sequence
// number back from a `deviceUpdated` message.
import { hubEvent, postEvent } from "./events.mjs";

// The stream spreads over five devices, as a household's events do (home stores each device's
// events in order, different devices in parallel). Values from BASE up are this benchmark's own,
// far from anything the simulator's background activity posts.
const STREAM = [
  ["21", "power"],
  ["51", "temperature"],
  ["52", "temperature"],
  ["32", "temperature"],
  ["41", "temperature"],
];
const BASE = 100_000;

export const DEVICE_UPDATED = `subscription ($ids: [ID!]) { deviceUpdated(deviceIds: $ids) { id attributes { name value } } }`;

/**
 * `post(seq)` posts the seq-th event to home's event URL as the hub does (negative for warm-up);
 * `seqOf(client, payload)` is the sequence a `deviceUpdated` payload carries, or null when it is
 * not one of the stream's or repeats what the client has seen (a device's message repeats its last
 * value when another of its attributes changes).
 */
export async function hubStream(stack, { token, eventUrl }) {
  const ids = await homeIds(stack, token);
  const attributeOf = new Map(STREAM.map(([hubId, name]) => [ids.get(hubId), name]));
  return {
    graphql: {
      query: DEVICE_UPDATED,
      variables: { ids: [...attributeOf.keys()] },
      authorization: `Bearer ${token}`,
    },
    post: (seq) => {
      const [hubId, name] = STREAM[((seq % STREAM.length) + STREAM.length) % STREAM.length];
      return postEvent(eventUrl, hubEvent(hubId, name, BASE + seq));
    },
    seqOf: (client, payload) => {
      const device = payload?.data?.deviceUpdated;
      const name = attributeOf.get(device?.id);
      if (!name) return null;
      const seq = Number(device.attributes?.find((a) => a.name === name)?.value) - BASE;
      if (!Number.isInteger(seq) || client.lastSeen.get(device.id) === seq) return null;
      client.lastSeen.set(device.id, seq);
      return seq;
    },
  };
}

/** Homegraph's id of each of the hub's devices. */
async function homeIds(stack, token) {
  const res = await fetch(`${stack.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ devices { id hubDeviceId } }" }),
  });
  const body = await res.json();
  if (!body.data?.devices?.length) throw new Error(`no devices in Homegraph: ${JSON.stringify(body)}`);
  return new Map(body.data.devices.map((d) => [d.hubDeviceId, d.id]));
}
