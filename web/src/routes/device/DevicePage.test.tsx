/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { graphqlDouble, sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import { attribute, device, pending } from "../dashboard/household.fixture";
import DevicePage from "./DevicePage";

// The device screen for a device the hub no longer lists, and for one with a command waiting.

const detail = (extra: Parameters<typeof device>[5]) => ({
  ...device("30", "Attic Fan", "Attic", ["Switch"], [attribute("switch", "off")], extra),
  name: "Attic Fan",
  hubDeviceId: "77",
  lastChangedAt: null,
  lastChangedBy: null,
  commands: [],
});

const REMOVED = { removed: true, removedAt: "2026-11-28T05:00:00.000Z", online: false, stale: true };

function render(extra: Parameters<typeof device>[5], role: "ADMIN" | "MEMBER") {
  const server = graphqlDouble({
    DeviceDetail: () => ({ device: detail(extra), deviceEvents: [] }),
    ForgetDevice: () => ({ forgetDevice: true }),
  });
  const view = renderScreen(<DevicePage />, {
    link: server.link,
    session: sessionAs(role),
    path: "/devices/:id",
    at: "/devices/30",
    otherPaths: ["/"],
  });
  return { ...view, server };
}

describe("DevicePage", () => {
  it("says a device is removed from the hub, and an admin forgets it after confirming, back to the dashboard", async () => {
    const { server, router } = render(REMOVED, "ADMIN");
    expect((await screen.findByTestId("device-removed")).textContent).toContain("The hub no longer lists Attic Fan");
    expect(screen.getByTestId("badge-removed").textContent).toBe("Removed from the hub");
    // Its commands could only fail: no controls.
    expect(screen.queryByRole("switch")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Forget…" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("deletes it and its whole history");
    fireEvent.click(within(dialog).getByRole("button", { name: "Forget" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(server.callsOf("ForgetDevice").map((c) => c.variables)).toEqual([{ id: "30" }]);
  });

  it("offers a member no Forget, and shows a command waiting for the hub", async () => {
    render({ ...REMOVED, pendingCommands: [pending("off", true)] }, "MEMBER");
    await screen.findByTestId("device-removed");
    expect(screen.queryByRole("button", { name: "Forget…" })).toBeNull();
    expect(screen.getByTestId("badge-pending").getAttribute("title")).toBe("Sending to the hub: off (with the hub)");
  });
});
