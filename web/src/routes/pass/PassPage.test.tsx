/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, screen, waitFor } from "@testing-library/react";
import { renderScreen } from "../../test/render";
import { refusal, restDouble } from "../../test/rest-double";
import { SessionStore } from "../../session/store";
import PassPage from "./PassPage";

const TOKEN = "s".repeat(43);
const guestSession = {
  status: 200,
  body: {
    accessToken: "guest-token",
    tokenType: "Bearer",
    expiresIn: 120,
    expiresAt: new Date(Date.now() + 120_000).toISOString(),
    user: { id: "9", email: null, displayName: "Sam", role: "GUEST" },
  },
};

configure({ asyncUtilTimeout: 10_000 });
let rest: ReturnType<typeof restDouble>;
let session: SessionStore;
afterEach(() => {
  rest.restore();
  act(() => session.clear());
});

function open() {
  session = new SessionStore();
  session.clear();
  return renderScreen(<PassPage />, { path: "/pass/:token", at: `/pass/${TOKEN}`, otherPaths: ["/"], session });
}

describe("a guest pass's link", () => {
  it("is exchanged for the guest's session, leaves the address bar, and opens the dashboard", async () => {
    rest = restDouble({ "/auth/pass/redeem": () => guestSession });
    const { router } = open();
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(rest.callsTo("/auth/pass/redeem")).toEqual([{ token: TOKEN }]);
    expect(session.getSnapshot()).toMatchObject({ status: "signedIn", user: { role: "GUEST", displayName: "Sam" } });
    expect(window.location.pathname).not.toContain(TOKEN);
  });

  it.each([
    [
      refusal(403, "PASS_NOT_YET", "Not yet.", { validFrom: "2030-01-01T10:00:00.000Z" }),
      "This guest pass has not started yet",
      /opens .*2030/,
    ],
    [
      refusal(410, "PASS_ENDED", "Ended.", { endedAt: "2026-01-01T10:00:00.000Z" }),
      "This guest pass has ended",
      /new link/,
    ],
    [refusal(401, "UNAUTHENTICATED", "Unknown."), "This link is not valid", /whole link/],
    [refusal(429, "RATE_LIMITED", "Slow down.", { retryAfterSeconds: 120 }), "Too many tries", /2 minutes/],
  ])("says why it was refused (%#)", async (answer, title, detail) => {
    rest = restDouble({ "/auth/pass/redeem": () => answer });
    open();
    expect(await screen.findByText(title)).toBeTruthy();
    expect(screen.getByTestId("pass-refused").textContent).toMatch(detail);
    expect(session.getSnapshot().status).toBe("signedOut");
  });
});
