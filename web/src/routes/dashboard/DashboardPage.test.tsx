/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import DashboardPage from "./DashboardPage";
import { HUB, attribute, dashboardLink, device, pending, type Answer, type Sent } from "./household.fixture";

const DEVICES = [
  device("1", "Porch Light", "Outside", ["Switch"], [attribute("switch", "off")]),
  device("2", "Hall Dimmer", "Hall", ["Switch", "SwitchLevel"], [attribute("switch", "on"), attribute("level", 30)], {
    pendingCommands: [pending("setLevel")],
  }),
  device("14", "Front Door Lock", "Entrance", ["Lock"], [attribute("lock", "locked")], { stale: true }),
  device("9", "Garage Sensor", null, ["ContactSensor"], [attribute("contact", "closed")], { online: false }),
  device("30", "Attic Fan", "Attic", ["Switch"], [attribute("switch", "off")], {
    removed: true,
    removedAt: "2026-11-28T05:00:00.000Z",
    online: false,
    stale: true,
  }),
];
const DISCONNECTED = { ...HUB, connected: false, problem: "The hub did not answer." };

function render(mutations: Record<string, Answer> = {}, sent: Sent = [], options: { admin?: boolean } = {}) {
  const session = options.admin === undefined ? undefined : sessionAs(options.admin ? "ADMIN" : "MEMBER");
  return renderScreen(<DashboardPage />, {
    link: dashboardLink(() => ({ devices: DEVICES, hub: DISCONNECTED }), mutations, sent),
    session,
  });
}

describe("DashboardPage", () => {
  it("shows rooms as tiles and stale, offline and hub-disconnected states", async () => {
    render();
    await screen.findByText("Porch Light");
    const rooms = screen.getAllByTestId("room").map((r) => within(r).getAllByRole("heading")[0]!.textContent);
    // A device the hub no longer lists is in its own section, not in its room.
    expect(rooms).toEqual(["Entrance", "Hall", "Outside", "No room"]);
    expect(within(screen.getByTestId("device-14")).getByTestId("badge-stale")).toBeTruthy();
    expect(within(screen.getByTestId("device-9")).getByTestId("badge-offline")).toBeTruthy();
    expect(within(screen.getByTestId("device-1")).queryByTestId("badge-stale")).toBeNull();
    expect(screen.getByTestId("hub-disconnected").textContent).toContain("The hub did not answer.");
  });

  it("turns a switch on at once, shows it sending, and back off when the command fails", async () => {
    let fail!: (err: Error) => void;
    const sent: Sent = [];
    render({ SetSwitch: () => new Promise((_, reject) => (fail = reject)) }, sent);
    const toggle = (await screen.findByRole("switch", { name: "Porch Light power" })) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(within(screen.getByTestId("device-1")).queryByTestId("badge-pending")).toBeNull();
    fireEvent.click(toggle);
    // Optimistic: on before the server answers, and marked as on its way.
    await waitFor(() => expect(toggle.checked).toBe(true));
    expect(within(screen.getByTestId("device-1")).getByTestId("badge-pending").textContent).toBe("Sending…");
    expect(sent.find((s) => s.name === "SetSwitch")?.variables).toEqual({ deviceId: "1", on: true });
    await act(async () => fail(new Error("The hub did not answer in time.")));
    await waitFor(() => expect(toggle.checked).toBe(false));
    expect(await screen.findByText("The hub did not answer in time.")).toBeTruthy();
    expect(within(screen.getByTestId("device-1")).queryByTestId("badge-pending")).toBeNull();
  });

  it("shows a command still waiting for the hub's turn", async () => {
    render();
    const badge = within(await screen.findByTestId("device-2")).getByTestId("badge-pending");
    expect(badge.textContent).toBe("Sending…");
    expect(badge.getAttribute("title")).toBe("Sending to the hub: setLevel (waiting)");
  });

  it("asks before unlocking a door, and sends nothing when cancelled", async () => {
    const sent: Sent = [];
    render({ Unlock: async () => ({ data: null }) }, sent);
    fireEvent.click(await screen.findByRole("button", { name: "Unlock…" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("Unlock Front Door Lock?");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(sent.some((s) => s.name === "Unlock")).toBe(false);
  });

  it("marks a device removed from the hub, without controls, and lets an admin forget it after asking", async () => {
    const sent: Sent = [];
    render({ ForgetDevice: async () => ({ data: { forgetDevice: true } }) }, sent, { admin: true });
    const removed = await screen.findByTestId("removed-devices");
    const card = within(removed).getByTestId("device-30");
    expect(within(card).getByTestId("badge-removed").textContent).toBe("Removed from the hub");
    expect(within(card).queryByTestId("badge-offline")).toBeNull();
    expect(within(card).queryByRole("switch")).toBeNull();

    fireEvent.click(within(card).getByRole("button", { name: "Forget…" }));
    let dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("Forget Attic Fan?");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(sent.some((s) => s.name === "ForgetDevice")).toBe(false);

    fireEvent.click(within(card).getByRole("button", { name: "Forget…" }));
    dialog = await screen.findByRole("dialog");
    fireEvent.click(within(dialog).getByRole("button", { name: "Forget" }));
    await waitFor(() => expect(screen.queryByTestId("device-30")).toBeNull());
    expect(sent.find((s) => s.name === "ForgetDevice")?.variables).toEqual({ id: "30" });
    expect(screen.queryByTestId("removed-devices")).toBeNull();
  });

  it("offers no Forget to a member", async () => {
    render({}, [], { admin: false });
    const card = await screen.findByTestId("device-30");
    expect(within(card).getByTestId("badge-removed")).toBeTruthy();
    expect(within(card).queryByRole("button", { name: "Forget…" })).toBeNull();
  });
});

describe("the house mode and HSM in the header", () => {
  const withAccess = (hsm: string, mode: string) => ({
    ...HUB,
    myAccess: { __typename: "HubAccess", hsm, mode },
    ...(hsm === "NONE" ? { hsmStatus: null } : {}),
  });

  it("with VIEW only, the mode is shown disabled with the reason; without VIEW, HSM is not shown", async () => {
    renderScreen(<DashboardPage />, {
      link: dashboardLink(() => ({ devices: DEVICES, hub: withAccess("NONE", "VIEW") }), {}, []),
      session: sessionAs("MEMBER"),
    });
    const mode = (await screen.findByTestId("hub-mode")) as HTMLInputElement;
    await waitFor(() => expect(mode.value).toBe("Day"));
    expect(mode.disabled).toBe(true);
    expect(screen.getByText("View only: ask an admin for control")).toBeTruthy();
    expect(screen.queryByTestId("hub-hsm")).toBeNull();
  });

  it("with CONTROL, both are enabled and no reason is shown", async () => {
    renderScreen(<DashboardPage />, {
      link: dashboardLink(() => ({ devices: DEVICES, hub: withAccess("CONTROL", "CONTROL") }), {}, []),
      session: sessionAs("MEMBER"),
    });
    const mode = (await screen.findByTestId("hub-mode")) as HTMLInputElement;
    expect(mode.disabled).toBe(false);
    expect(((await screen.findByTestId("hub-hsm")) as HTMLInputElement).disabled).toBe(false);
    expect(screen.queryByText("View only: ask an admin for control")).toBeNull();
  });
});
