/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { Device } from "../../devices/model";
import { renderScreen } from "../../test/render";
import DashboardPage from "./DashboardPage";
import { HUB, attribute, dashboardLink, device, type Answer, type Sent } from "./household.fixture";

// The top of the dashboard: the summary's counts and one-tap actions, and favourites.

let devices: Device[];
const withDevice = (id: string, change: (d: Device) => Device) => {
  devices = devices.map((d) => (d.id === id ? change(d) : d));
  return devices.find((d) => d.id === id)!;
};

beforeEach(() => {
  devices = [
    device("1", "Porch Light", "Outside", ["Switch", "Light"], [attribute("switch", "on")]),
    device("2", "Hall Dimmer", "Hall", ["Switch", "SwitchLevel", "Light"], [attribute("switch", "on")]),
    device("3", "Coffee Maker", "Kitchen", ["Switch"], [attribute("switch", "on")], { favorite: true }),
    device(
      "5",
      "Front Door",
      "Hall",
      ["ContactSensor", "Battery"],
      [attribute("contact", "open"), attribute("battery", 9)],
    ),
    device("7", "Front Door Lock", "Hall", ["Lock"], [attribute("lock", "unlocked")]),
    device("8", "Back Door Lock", "Hall", ["Lock"], [attribute("lock", "locked")]),
    device("9", "Shed Motion", "Garden", ["MotionSensor"], [], { online: false, stale: true }),
  ];
});

function render(mutations: Record<string, Answer> = {}, sent: Sent = []) {
  return renderScreen(<DashboardPage />, {
    link: dashboardLink(() => ({ devices, hub: HUB }), mutations, sent),
    otherPaths: ["/alarm", "/devices/:id"],
  });
}

const tile = (name: string) => screen.getByRole("region", { name });

describe("the dashboard's summary", () => {
  it("says at the top how many lights are on, what is open or unlocked, the alarm, batteries and offline devices", async () => {
    const { router } = render();
    await screen.findByTestId("summary");
    expect(tile("Lights").textContent).toContain("2 lights on");
    expect(tile("Doors and locks").textContent).toContain("1 open, 1 unlocked");
    expect(tile("Alarm").textContent).toContain("Armed away");
    expect(tile("Batteries").textContent).toContain("1 battery low");
    expect(tile("Offline").textContent).toContain("1 device");

    fireEvent.click(within(tile("Batteries")).getByRole("button", { name: "Show which" }));
    const list = await screen.findByRole("dialog");
    expect(list.textContent).toContain("Front Door 9%");
    fireEvent.click(within(list).getByRole("link", { name: "Front Door" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/devices/5"));
  });

  it("links the alarm to its screen", async () => {
    const { router } = render();
    fireEvent.click(within(await screen.findByRole("region", { name: "Alarm" })).getByRole("link"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/alarm"));
  });

  it("turns every light off with one tap: one command for each light on, none for other switches", async () => {
    const sent: Sent = [];
    render(
      {
        SetSwitch: async ({ deviceId, on }) => ({
          data: {
            setSwitch: withDevice(deviceId, (d) => ({ ...d, attributes: [attribute("switch", on ? "on" : "off")] })),
          },
        }),
      },
      sent,
    );
    await screen.findByTestId("summary");
    fireEvent.click(within(tile("Lights")).getByRole("button", { name: "All off" }));
    await waitFor(() => expect(tile("Lights").textContent).toContain("All off"));
    const commands = sent.filter((s) => s.name === "SetSwitch").map((s) => s.variables);
    expect(commands).toEqual([
      { deviceId: "2", on: false },
      { deviceId: "1", on: false },
    ]);
    expect((screen.getByRole("switch", { name: "Porch Light power" }) as HTMLInputElement).checked).toBe(false);
    expect(within(tile("Lights")).queryByRole("button", { name: "All off" })).toBeNull();
  });

  it("locks every unlocked lock only once asked, naming them", async () => {
    const sent: Sent = [];
    render(
      {
        Lock: async ({ deviceId }) => ({
          data: { lock: withDevice(deviceId, (d) => ({ ...d, attributes: [attribute("lock", "locked")] })) },
        }),
      },
      sent,
    );
    await screen.findByTestId("summary");
    fireEvent.click(within(tile("Doors and locks")).getByRole("button", { name: "Lock all…" }));
    let dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("This locks Front Door Lock.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(sent.some((s) => s.name === "Lock")).toBe(false);

    fireEvent.click(within(tile("Doors and locks")).getByRole("button", { name: "Lock all…" }));
    dialog = await screen.findByRole("dialog");
    fireEvent.click(within(dialog).getByRole("button", { name: "Lock all" }));
    await waitFor(() => expect(tile("Doors and locks").textContent).toContain("1 open"));
    expect(tile("Doors and locks").textContent).not.toContain("unlocked");
    expect(sent.filter((s) => s.name === "Lock").map((s) => s.variables)).toEqual([{ deviceId: "7" }]);
  });
});

describe("favourites", () => {
  it("come first, and a star adds a device there for this person", async () => {
    const sent: Sent = [];
    render(
      {
        SetFavoriteDevice: async ({ id, favorite }) => ({
          data: { setFavoriteDevice: withDevice(id, (d) => ({ ...d, favorite })) },
        }),
      },
      sent,
    );
    const favorites = await screen.findByTestId("favorites");
    expect(
      within(favorites)
        .getAllByRole("article")
        .map((a) => a.getAttribute("aria-label")),
    ).toEqual(["Coffee Maker"]);
    // The rooms still hold every device.
    const kitchen = screen.getAllByTestId("room").find((r) => r.textContent?.includes("Kitchen"))!;
    expect(within(kitchen).getByTestId("device-3")).toBeTruthy();

    const star = within(screen.getAllByTestId("room").find((r) => r.textContent?.includes("Outside"))!).getByRole(
      "button",
      { name: "Add Porch Light to favourites" },
    );
    expect(star.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(star);
    await waitFor(() =>
      expect(
        within(screen.getByTestId("favorites"))
          .getAllByRole("article")
          .map((a) => a.getAttribute("aria-label")),
      ).toEqual(["Coffee Maker", "Porch Light"]),
    );
    expect(sent.find((s) => s.name === "SetFavoriteDevice")?.variables).toEqual({ id: "1", favorite: true });

    fireEvent.click(
      within(screen.getByTestId("favorites")).getByRole("button", { name: "Remove Coffee Maker from favourites" }),
    );
    await waitFor(() => expect(within(screen.getByTestId("favorites")).queryByTestId("device-3")).toBeNull());
  });
});
