import { ApolloLink } from "@apollo/client";
import { Observable } from "rxjs";
import type { Device } from "../../devices/model";

// A small household for the dashboard's tests, and a gateway double answering its operations.

export const AT = "2026-11-29T05:00:00.000Z";

export const attribute = (name: string, value: unknown) => ({
  __typename: "DeviceAttribute" as const,
  name,
  value,
  dataType: null,
  values: null,
  unit: null,
  updatedAt: AT,
});

export function device(
  id: string,
  label: string,
  room: string | null,
  capabilities: string[],
  attributes: ReturnType<typeof attribute>[],
  extra: Partial<Device> = {},
): Device {
  return {
    __typename: "Device",
    id,
    label,
    room,
    type: "Generic",
    capabilities,
    stale: false,
    online: true,
    removed: false,
    removedAt: null,
    favorite: false,
    myAccess: "CONTROL",
    lastEventAt: AT,
    pendingCommands: [],
    attributes,
    ...extra,
  };
}

export const pending = (name: string, sending = false) => ({
  __typename: "PendingCommand" as const,
  name,
  queuedAt: AT,
  sending,
});

export const HUB = {
  __typename: "Hub",
  configured: true,
  connected: true,
  problem: null as string | null,
  mode: "Day",
  modes: [
    { __typename: "HubMode", id: "1", name: "Day" },
    { __typename: "HubMode", id: "2", name: "Night" },
  ],
  hsmStatus: "armedAway" as string | null,
  myAccess: { __typename: "HubAccess", hsm: "CONTROL", mode: "CONTROL" },
};

export type Sent = { name: string; variables: Record<string, any> }[];
export type Answer = (variables: Record<string, any>) => Promise<unknown>;

/** A gateway double for the dashboard's operations; subscriptions stay open and silent. */
export function dashboardLink(
  household: () => { devices: Device[]; hub: typeof HUB },
  mutations: Record<string, Answer>,
  sent: Sent,
) {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const name = operation.operationName ?? "";
        sent.push({ name, variables: operation.variables });
        if (operation.operationType === "subscription") return;
        const reply = (async () => {
          const { devices, hub } = household();
          if (name === "Dashboard") return { data: { devices, hub } };
          if (name === "HubStatus") {
            const { modes: _modes, myAccess: _access, ...status } = hub;
            return { data: { hub: status } };
          }
          const answer = mutations[name];
          if (!answer) throw new Error(`unexpected operation ${name}`);
          return answer(operation.variables);
        })();
        reply.then(
          (result) => {
            observer.next(result as never);
            observer.complete();
          },
          (err) => observer.error(err),
        );
      }),
  );
}
