/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { liveDouble } from "../test/live-double";
import { renderScreen } from "../test/render";
import BellLive from "./BellLive";
import { notificationAt, notificationsHousehold } from "./notifications.fixture";
import { NotificationBell } from "./NotificationBell";

configure({ asyncUtilTimeout: 10_000 });

// The popover's contents count as hidden while its opening transition runs (jsdom runs no CSS
// transitions): role queries inside it say `hidden: true`.
const count = () => Number(screen.getByTestId("bell-count").getAttribute("data-count"));

describe("the header's bell", () => {
  it("shows the unread count, counts a new one live with a toast, and lists the latest five", async () => {
    const { handlers } = notificationsHousehold(7, 2);
    const double = liveDouble(handlers);
    renderScreen(<BellLive />, { link: double.link, otherPaths: ["/notifications", "/devices/:id"] });
    await waitFor(() => expect(count()).toBe(2));
    expect(screen.getByTestId("bell").getAttribute("aria-label")).toBe("Notifications: 2 unread");

    await waitFor(() => expect(double.sentOf("NotificationReceived")).toHaveLength(1));
    const smoke = notificationAt(99, {
      title: "Smoke in the kitchen",
      body: "The kitchen's detector",
      severity: "CRITICAL",
    });
    await act(async () => {
      double.push("NotificationReceived", { notificationReceived: smoke });
    });
    await waitFor(() => expect(count()).toBe(3));
    expect(await screen.findByText("Smoke in the kitchen")).toBeTruthy();

    fireEvent.click(screen.getByTestId("bell"));
    const popover = await screen.findByTestId("bell-popover");
    await waitFor(() => expect(within(popover).getAllByTestId("notification-item")).toHaveLength(5));
    expect(double.sentOf("Notifications").at(-1)!.variables).toEqual({ page: { page: 1, pageSize: 5 } });
    expect(within(popover).getByRole("link", { name: "All notifications", hidden: true }).getAttribute("href")).toBe(
      "/notifications",
    );
  });

  it("marks all read from the popover, and opens one at its screen", async () => {
    const { handlers, state } = notificationsHousehold(3, 3);
    const double = liveDouble(handlers);
    const { router } = renderScreen(<BellLive />, { link: double.link, otherPaths: ["/devices/:id"] });
    await waitFor(() => expect(count()).toBe(3));
    fireEvent.click(screen.getByTestId("bell"));
    const popover = await screen.findByTestId("bell-popover");
    await within(popover).findAllByTestId("notification-item");

    fireEvent.click(within(popover).getByRole("button", { name: "Mark all read", hidden: true }));
    await waitFor(() => expect(count()).toBe(0));
    expect(state.items.every((n) => n.readAt)).toBe(true);
    await waitFor(() =>
      expect(
        within(popover)
          .getAllByTestId("notification-item")
          .map((el) => el.dataset.unread),
      ).toEqual(["false", "false", "false"]),
    );

    fireEvent.click(within(popover).getAllByTestId("notification-item")[1]!);
    await waitFor(() => expect(router.state.location.pathname).toBe("/devices/2"));
    // Already read: nothing more to tell the server.
    expect(double.sentOf("MarkNotificationRead")).toHaveLength(0);
  });

  it("is a plain link to the inbox until its live part has loaded, then becomes the live bell", async () => {
    const { handlers } = notificationsHousehold(1, 1);
    const double = liveDouble(handlers);
    renderScreen(<NotificationBell />, { link: double.link });
    expect(screen.getByRole("link", { name: "Notifications" }).getAttribute("href")).toBe("/notifications");
    await waitFor(() => expect(count()).toBe(1));
  });

  it("shows no count when the server cannot say", async () => {
    const double = liveDouble({});
    renderScreen(<BellLive />, { link: double.link });
    await waitFor(() => expect(double.sentOf("UnreadNotificationCount")).toHaveLength(1));
    expect(count()).toBe(0);
    expect(screen.getByTestId("bell").getAttribute("aria-label")).toBe("Notifications");
  });
});
