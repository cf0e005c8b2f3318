/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { graphqlDouble, sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import { inputLabelled } from "../../test/screen-helpers";
import ActivityPage from "./ActivityPage";

const entry = (id: number, kind: string, summary: string, extra: Record<string, unknown> = {}) => ({
  __typename: "ActivityEntry",
  id: String(id),
  at: new Date(Date.UTC(2026, 11, 4, 9, id)).toISOString(),
  kind,
  summary,
  deviceId: null,
  room: null,
  actor: { __typename: "User", id: "1", displayName: "Ann" },
  ...extra,
});
const PAGE_ONE = [
  entry(9, "DEVICE_COMMAND", 'Sent "on" to Porch Light', { deviceId: "11", room: "Outside" }),
  entry(8, "PASSWORD_CHANGED", "Bo: changed their password", {
    actor: { __typename: "User", id: "5", displayName: "Bo" },
  }),
];
const PAGE_TWO = [entry(3, "INVITATION", "Ann invited Cy (member)")];
const LIVE = entry(10, "AUTOMATION_FIRED", 'Automation "Night" ran: it is 22:00', { actor: null });

function server() {
  return graphqlDouble({
    Activity: (v) => ({
      activity: {
        __typename: "ActivityPage",
        items: v.after
          ? PAGE_TWO
          : v.filter?.kinds
            ? PAGE_ONE.filter((e) => v.filter.kinds.includes(e.kind))
            : PAGE_ONE,
        endCursor: v.after ? "c2" : "c1",
        hasMore: !v.after && !v.filter?.kinds,
      },
    }),
    ActivityRooms: () => ({ rooms: [{ __typename: "Room", name: "Outside" }] }),
    ActivityAdded: () => ({ activityAdded: LIVE }),
  });
}

configure({ asyncUtilTimeout: 10_000 });
let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

const shown = () =>
  within(screen.getByRole("list", { name: "Activity" }))
    .getAllByRole("listitem")
    .map((li) => li.textContent ?? "");

describe("ActivityPage", () => {
  it("lists who did what newest first, live entries on top, older pages on asking", async () => {
    session = sessionAs("MEMBER", "5");
    const { link, callsOf } = server();
    renderScreen(<ActivityPage />, { path: "/activity", link, session });
    await screen.findByText('Sent "on" to Porch Light');
    // The subscription's entry arrives on top of the first page.
    await waitFor(() => expect(shown()[0]).toContain('Automation "Night" ran'));
    expect(shown()[0]).toContain("The household");
    expect(shown()[1]).toContain("Ann · Outside");
    expect(shown()[2]).toContain("Bo: changed their password");
    expect(callsOf("ActivityAdded")).toHaveLength(1);

    fireEvent.click(screen.getByRole("button", { name: "Show older" }));
    await screen.findByText("Ann invited Cy (member)");
    expect(callsOf("Activity").at(-1)!.variables).toMatchObject({ first: 30, after: "c1" });
    expect(shown()).toHaveLength(4);
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();
    expect(screen.getByRole("link", { name: "device" }).getAttribute("href")).toBe("/devices/11");
  });

  it("filters by kind on the server and listens with the same filter", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<ActivityPage />, { path: "/activity", link, session });
    await screen.findByText('Sent "on" to Porch Light');
    const kinds = inputLabelled("Kinds");
    fireEvent.click(kinds);
    const listbox = await waitFor(() => document.getElementById(kinds.getAttribute("aria-controls") ?? "")!);
    fireEvent.click(await within(listbox).findByRole("option", { name: "Password changes", hidden: true }));
    await waitFor(() =>
      expect(callsOf("Activity").at(-1)!.variables).toEqual({ first: 30, filter: { kinds: ["PASSWORD_CHANGED"] } }),
    );
    await waitFor(() => expect(screen.queryByText('Sent "on" to Porch Light')).toBeNull());
    expect(callsOf("ActivityAdded").at(-1)!.variables).toEqual({ filter: { kinds: ["PASSWORD_CHANGED"] } });
  });
});
