/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { graphqlDouble, sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import { deviceName } from "./device-name";
import { Sessions } from "./Sessions";

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
const FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:130.0) Gecko/130.0 Firefox/130.0";

function server() {
  let sessions = [
    { id: "s1", current: true, userAgent: CHROME_LINUX },
    { id: "s2", current: false, userAgent: FIREFOX_ANDROID },
    { id: "s3", current: false, userAgent: null },
  ];
  const now = new Date().toISOString();
  return graphqlDouble({
    MySessions: () => ({
      mySessions: sessions.map((s) => ({
        __typename: "Session",
        ...s,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: now,
        ip: "127.0.0.1",
      })),
    }),
    RevokeSession: (v) => {
      sessions = sessions.filter((s) => s.id !== v.id);
      return { revokeSession: true };
    },
  });
}

configure({ asyncUtilTimeout: 10_000 });

let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("Sessions on the Security screen", () => {
  it("lists sessions, signs out everywhere else, then this device", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    const { router } = renderScreen(<Sessions />, { link, session, path: "/security", otherPaths: ["/signin"] });
    const rows = await screen.findAllByTestId("session");
    expect(rows.map((r) => r.querySelector("p")?.textContent)).toEqual([
      "Chrome on Linux",
      "Firefox on Android",
      "Unknown device",
    ]);
    expect(within(rows[0]!).getByText("This device")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Sign out everywhere else" }));
    await waitFor(() => expect(callsOf("RevokeSession").map((c) => c.variables.id)).toEqual(["s2", "s3"]));
    await waitFor(() => expect(screen.getAllByTestId("session")).toHaveLength(1));
    expect(screen.getByRole("button", { name: "Sign out everywhere else" }).hasAttribute("disabled")).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Sign out this device" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/signin"));
    expect(session.getSnapshot().status).toBe("signedOut");
  });

  it("signs out one other device by its own button", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = server();
    renderScreen(<Sessions />, { link, session });
    await screen.findAllByTestId("session");
    fireEvent.click(screen.getByRole("button", { name: /^Sign out Firefox on Android/ }));
    await waitFor(() => expect(callsOf("RevokeSession").map((c) => c.variables.id)).toEqual(["s2"]));
    await waitFor(() => expect(screen.getAllByTestId("session")).toHaveLength(2));
    expect(screen.queryByText("Firefox on Android")).toBeNull();
  });

  it("names devices from their user agent", () => {
    expect(
      deviceName(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605 Version/18.0 Mobile Safari/604.1",
      ),
    ).toBe("Safari on iOS");
    expect(deviceName("curl/8.5.0")).toBe("A script");
    expect(deviceName(CHROME_LINUX)).toBe("Chrome on Linux");
  });
});
