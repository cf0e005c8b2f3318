/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { liveDouble } from "../test/live-double";
import { renderScreen } from "../test/render";
import { AlarmIndicator } from "./AlarmIndicator";

const status = (fields: Record<string, unknown>) => ({
  __typename: "Hub",
  hsmStatus: "armedNight",
  hsmArmingSince: null,
  hsmArmingUntil: null,
  hsmAlert: null,
  ...fields,
});

describe("AlarmIndicator", () => {
  it("shows HSM's status, turns red on an alert, and opens the alarm panel", async () => {
    const double = liveDouble({ AlarmStatus: () => ({ hub: status({}) }) });
    const { router } = renderScreen(<AlarmIndicator />, { link: double.link, otherPaths: ["/alarm"] });
    const badge = await screen.findByTestId("alarm-indicator");
    expect(badge.getAttribute("aria-label")).toBe("Alarm: Armed night. Open the alarm panel");
    expect(badge.getAttribute("data-tone")).toBe("armed");

    await act(async () => {
      double.push("HsmChanged", {
        hsmChanged: {
          __typename: "HsmState",
          status: "armedNight",
          armingSince: null,
          armingUntil: null,
          alert: { __typename: "HsmAlert", kind: "smoke", at: new Date().toISOString(), text: null },
        },
      });
    });
    await waitFor(() => expect(screen.getByTestId("alarm-indicator").getAttribute("data-tone")).toBe("alert"));
    expect(screen.getByTestId("alarm-indicator").getAttribute("aria-label")).toBe(
      "Alarm: Alert: Smoke. Open the alarm panel",
    );

    fireEvent.click(screen.getByTestId("alarm-indicator"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/alarm"));
  });

  it("shows nothing when the hub has no HSM", async () => {
    const double = liveDouble({ AlarmStatus: () => ({ hub: status({ hsmStatus: null }) }) });
    renderScreen(<AlarmIndicator />, { link: double.link });
    await waitFor(() => expect(double.sentOf("AlarmStatus")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId("alarm-indicator")).toBeNull();
  });
});
