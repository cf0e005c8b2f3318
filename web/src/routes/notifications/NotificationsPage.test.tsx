/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { notificationsHousehold } from "../../notifications/notifications.fixture";
import { graphqlDouble } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import NotificationsPage from "./NotificationsPage";

configure({ asyncUtilTimeout: 10_000 });

const items = () => screen.getAllByTestId("notification-item");
const open = (at = "/notifications", count = 25, unread = 3) => {
  const { handlers, state } = notificationsHousehold(count, unread);
  const double = graphqlDouble(handlers);
  const rendered = renderScreen(<NotificationsPage />, {
    link: double.link,
    path: "/notifications",
    at,
    otherPaths: ["/devices/:id"],
  });
  return { ...double, ...rendered, state };
};

describe("NotificationsPage", () => {
  it("lists a page at a time, newest first, and pages through the address", async () => {
    const { router, callsOf } = open();
    await waitFor(() => expect(items()).toHaveLength(20));
    expect(items()[0]!.textContent).toContain("Notification 1");
    expect(callsOf("Notifications")[0]!.variables).toEqual({ page: { page: 1, pageSize: 20 }, unreadOnly: false });
    expect(screen.getByText("25 in all")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "2" }));
    await waitFor(() => expect(router.state.location.search).toBe("?page=2"));
    await waitFor(() => expect(items()).toHaveLength(5));
    expect(items()[0]!.textContent).toContain("Notification 21");
  });

  it("filters to the unread ones, and says so when there are none", async () => {
    const { router, callsOf } = open("/notifications", 4, 2);
    await waitFor(() => expect(items()).toHaveLength(4));
    fireEvent.click(screen.getByText("Unread"));
    await waitFor(() => expect(router.state.location.search).toBe("?show=unread"));
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(callsOf("Notifications").at(-1)!.variables.unreadOnly).toBe(true);

    fireEvent.click(screen.getByTestId("mark-all-read"));
    expect((await screen.findByTestId("notifications-empty")).textContent).toMatch(/Nothing unread/);
    expect(callsOf("MarkAllNotificationsRead")).toHaveLength(1);
  });

  it("marks one read when it is opened, and goes to its screen", async () => {
    const { router, callsOf, state } = open("/notifications", 3, 3);
    await waitFor(() => expect(items()).toHaveLength(3));
    expect(items()[1]!.dataset.unread).toBe("true");
    fireEvent.click(items()[1]!);
    await waitFor(() => expect(router.state.location.pathname).toBe("/devices/2"));
    expect(callsOf("MarkNotificationRead")[0]!.variables).toEqual({ id: "2" });
    expect(state.items[1]!.readAt).not.toBeNull();
  });

  it("has a friendly empty state", async () => {
    open("/notifications", 0, 0);
    expect((await screen.findByTestId("notifications-empty")).textContent).toMatch(/No notifications yet/);
  });
});
