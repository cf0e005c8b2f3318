/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, screen, within } from "@testing-library/react";
import { attribute, device } from "../routes/dashboard/household.fixture";
import { graphqlDouble } from "../test/graphql-double";
import { renderScreen } from "../test/render";
import { ApiError } from "../session/auth-api";
import { SessionStore } from "../session/store";
import { RequireSession } from "./guards";
import GuestLayout from "./GuestLayout";

const LIGHT = device("14", "Living Room Color Bulb", "Living Room", ["Switch"], [attribute("switch", "off")]);
const SENSOR_LIGHT = device("15", "Porch Light", "Outside", ["Switch"], [attribute("switch", "on")], {
  myAccess: "VIEW",
});

function guestSession(refusal: () => Error) {
  const store = new SessionStore({
    api: {
      refresh: async () => {
        throw refusal();
      },
      logout: async () => undefined,
    },
  });
  store.accept({
    accessToken: "guest",
    expiresAt: new Date(Date.now() + 120_000).toISOString(),
    user: { id: "9", email: null, displayName: "Sam", role: "GUEST" },
  });
  return store;
}

/** Mantine puts the test id on the switch's input itself. */
function switchIn(card: HTMLElement, id: string): HTMLInputElement {
  const found = within(card).getByTestId(`switch-${id}`);
  return (found.tagName === "INPUT" ? found : found.querySelector("input")) as HTMLInputElement;
}

configure({ asyncUtilTimeout: 10_000 });
let session: SessionStore;
afterEach(() => act(() => session.clear()));

describe("a guest's app", () => {
  it("shows the pass's end and only its devices, asks nothing a guest may not, and greys out what is view only", async () => {
    session = guestSession(() => new ApiError("PASS_ENDED", "This guest pass has ended.", 410));
    const until = new Date(Date.now() + 90_000).toISOString();
    const { link, calls } = graphqlDouble({
      GuestHome: () => ({
        myGuestPass: {
          __typename: "GuestPass",
          id: "p1",
          guestName: "Sam",
          validFrom: new Date().toISOString(),
          validUntil: until,
          status: "ACTIVE",
        },
        devices: [LIGHT, SENSOR_LIGHT],
      }),
      DeviceUpdated: () => ({ deviceUpdated: LIGHT }),
    });
    renderScreen(
      <RequireSession>
        <GuestLayout />
      </RequireSession>,
      { link, session },
    );
    const pass = await screen.findByTestId("guest-pass");
    expect(within(pass).getByText("Welcome, Sam")).toBeTruthy();
    expect(within(pass).getByTestId("guest-time-left").textContent).toMatch(/^1 min \d\d s$/);
    const light = screen.getByTestId("device-14");
    expect(switchIn(light, "14").disabled).toBe(false);
    expect(within(light).queryByRole("link")).toBeNull();
    const viewOnly = screen.getByTestId("device-15");
    expect(switchIn(viewOnly, "15").disabled).toBe(true);
    expect(within(viewOnly).getByTestId("view-only").textContent).toContain("View only: ask an admin for control");
    // No navigation, alarm, banner or inbox: nothing the server refuses a guest.
    expect(screen.queryByRole("navigation")).toBeNull();
    expect(new Set(calls.map((c) => c.operationName))).toEqual(new Set(["GuestHome", "DeviceUpdated"]));

    // The pass ends: the session's refresh answers PASS_ENDED, and the page says so.
    await act(async () => {
      await session.refresh().catch(() => undefined);
    });
    expect(await screen.findByText("This guest pass has ended")).toBeTruthy();
    expect(screen.queryByTestId("device-14")).toBeNull();
  });
});
