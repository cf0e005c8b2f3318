/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { ApolloLink } from "@apollo/client";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Observable } from "rxjs";
import { renderScreen } from "../../test/render";
import DashboardPage from "./DashboardPage";

const at = "2026-11-29T05:00:00.000Z";
const attribute = (name: string, value: unknown) => ({
  __typename: "DeviceAttribute",
  name,
  value,
  dataType: null,
  values: null,
  unit: null,
  updatedAt: at,
});
const device = (
  id: string,
  label: string,
  room: string | null,
  capabilities: string[],
  attributes: unknown[],
  extra = {},
) => ({
  __typename: "Device",
  id,
  label,
  room,
  type: "Generic",
  capabilities,
  stale: false,
  online: true,
  lastEventAt: at,
  attributes,
  ...extra,
});

const DEVICES = [
  device("1", "Porch Light", "Outside", ["Switch"], [attribute("switch", "off")]),
  device("2", "Hall Dimmer", "Hall", ["Switch", "SwitchLevel"], [attribute("switch", "on"), attribute("level", 30)]),
  device("14", "Front Door Lock", "Entrance", ["Lock"], [attribute("lock", "locked")], { stale: true }),
  device("9", "Garage Sensor", null, ["ContactSensor"], [attribute("contact", "closed")], { online: false }),
];
const HUB = {
  __typename: "Hub",
  configured: true,
  connected: false,
  problem: "The hub did not answer.",
  mode: "Day",
  modes: [
    { __typename: "HubMode", id: "1", name: "Day" },
    { __typename: "HubMode", id: "2", name: "Night" },
  ],
  hsmStatus: "disarmed",
};

type Answer = (variables: Record<string, unknown>) => Promise<unknown>;

/** A gateway double for the dashboard's operations; subscriptions stay open and silent. */
function link(mutations: Record<string, Answer>, sent: { name: string; variables: Record<string, unknown> }[]) {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const name = operation.operationName ?? "";
        sent.push({ name, variables: operation.variables });
        if (operation.operationType === "subscription") return;
        const reply = (async () => {
          if (name === "Dashboard") return { data: { devices: DEVICES, hub: HUB } };
          if (name === "HubStatus") {
            const { modes: _modes, ...status } = HUB;
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

describe("DashboardPage", () => {
  it("groups devices by room and shows stale, offline and hub-disconnected states", async () => {
    renderScreen(<DashboardPage />, { link: link({}, []) });
    await screen.findByText("Porch Light");
    const rooms = screen.getAllByTestId("room").map((r) => within(r).getByRole("heading").textContent);
    expect(rooms).toEqual(["Entrance", "Hall", "Outside", "No room"]);
    expect(within(screen.getByTestId("device-14")).getByTestId("badge-stale")).toBeTruthy();
    expect(within(screen.getByTestId("device-9")).getByTestId("badge-offline")).toBeTruthy();
    expect(within(screen.getByTestId("device-1")).queryByTestId("badge-stale")).toBeNull();
    expect(screen.getByTestId("hub-disconnected").textContent).toContain("The hub did not answer.");
  });

  it("turns a switch on at once, and back off when the command fails", async () => {
    let fail!: (err: Error) => void;
    const sent: { name: string; variables: Record<string, unknown> }[] = [];
    renderScreen(<DashboardPage />, {
      link: link(
        {
          SetSwitch: () =>
            new Promise((_, reject) => {
              fail = reject;
            }),
        },
        sent,
      ),
    });
    const toggle = (await screen.findByRole("switch", { name: "Porch Light power" })) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    // Optimistic: on before the server answers.
    await waitFor(() => expect(toggle.checked).toBe(true));
    expect(sent.find((s) => s.name === "SetSwitch")?.variables).toEqual({ deviceId: "1", on: true });
    await act(async () => fail(new Error("The hub did not answer in time.")));
    await waitFor(() => expect(toggle.checked).toBe(false));
    expect(await screen.findByText("The hub did not answer in time.")).toBeTruthy();
  });

  it("asks before unlocking a door, and sends nothing when cancelled", async () => {
    const sent: { name: string; variables: Record<string, unknown> }[] = [];
    renderScreen(<DashboardPage />, { link: link({ Unlock: async () => ({ data: null }) }, sent) });
    fireEvent.click(await screen.findByRole("button", { name: "Unlock…" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("Unlock Front Door Lock?");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(sent.some((s) => s.name === "Unlock")).toBe(false);
  });
});
