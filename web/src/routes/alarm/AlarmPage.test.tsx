/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, sessionAs } from "../../test/graphql-double";
import { liveDouble } from "../../test/live-double";
import { renderScreen } from "../../test/render";
import AlarmPage from "./AlarmPage";

const hub = (fields: Record<string, unknown> = {}) => ({
  __typename: "Hub",
  configured: true,
  connected: true,
  problem: null,
  hsmStatus: "disarmed",
  hsmArmingSince: null,
  hsmArmingUntil: null,
  hsmAlert: null,
  myAccess: { __typename: "HubAccess", hsm: "CONTROL" },
  ...fields,
});

const alarmFields = (fields: Record<string, unknown>) => {
  const { configured: _c, connected: _n, problem: _p, myAccess: _a, ...rest } = hub(fields);
  return rest;
};

const HISTORY = [
  {
    __typename: "HsmHistoryEntry",
    kind: "alert",
    value: "water",
    text: "Basement leak sensor",
    at: new Date().toISOString(),
  },
  {
    __typename: "HsmHistoryEntry",
    kind: "status",
    value: "armedHome",
    text: null,
    at: new Date(Date.now() - 60_000).toISOString(),
  },
];

function panel(state: Record<string, unknown>, handlers: Record<string, (v: Record<string, any>) => unknown> = {}) {
  return liveDouble({
    AlarmPanel: () => ({ hub: hub(state) }),
    AlarmHistory: () => ({ hsmHistory: HISTORY }),
    ...handlers,
  });
}

let session: ReturnType<typeof sessionAs> | undefined;
afterEach(() => session?.clear());

describe("AlarmPage", () => {
  it("shows the status big, the recent activity, and arms away when asked", async () => {
    const double = panel(
      {},
      {
        SetAlarm: (v) => ({ setHsm: alarmFields({ hsmStatus: v.value === "armAway" ? "armingAway" : "disarmed" }) }),
      },
    );
    session = sessionAs("ADMIN");
    renderScreen(<AlarmPage />, { link: double.link, session });
    const status = await screen.findByTestId("alarm-status");
    expect(status.textContent).toContain("Disarmed");
    const history = await screen.findByTestId("alarm-history");
    await waitFor(() => expect(history.textContent).toContain("Water leak · Basement leak sensor"));
    expect(history.textContent).toContain("Armed home");

    fireEvent.click(screen.getByRole("button", { name: "Arm away" }));
    await waitFor(() =>
      expect(double.sentOf("SetAlarm")).toEqual([{ name: "SetAlarm", variables: { value: "armAway" } }]),
    );
    await waitFor(() => expect(screen.getByTestId("alarm-status").textContent).toContain("Arming away"));
  });

  it("counts down while arming when the end is known, and says arming… when it is not", async () => {
    const until = new Date(Date.now() + 12_000).toISOString();
    const double = panel({ hsmStatus: "armingAway", hsmArmingSince: new Date().toISOString(), hsmArmingUntil: until });
    session = sessionAs("ADMIN");
    renderScreen(<AlarmPage />, { link: double.link, session });
    const countdown = await screen.findByTestId("alarm-countdown");
    expect(countdown.textContent).toMatch(/^Armed in 1[12] s$/);

    // The hub reports the end of arming: the countdown goes, the status is armed.
    await act(async () => {
      double.push("HsmChanged", {
        hsmChanged: { __typename: "HsmState", status: "armedAway", armingSince: null, armingUntil: null, alert: null },
      });
    });
    await waitFor(() => expect(screen.queryByTestId("alarm-countdown")).toBeNull());
    expect(screen.getByTestId("alarm-status").textContent).toContain("Armed away");

    await act(async () => {
      double.push("HsmChanged", {
        hsmChanged: {
          __typename: "HsmState",
          status: "armingNight",
          armingSince: new Date().toISOString(),
          armingUntil: null,
          alert: null,
        },
      });
    });
    await waitFor(() =>
      expect(screen.getByTestId("alarm-countdown").textContent).toBe(
        "Arming… the hub does not say how long its exit delay is.",
      ),
    );
  });

  it("shows an alert the moment it arrives, in red, and refreshes the activity", async () => {
    const double = panel({ hsmStatus: "armedAway" });
    session = sessionAs("MEMBER");
    renderScreen(<AlarmPage />, { link: double.link, session });
    await screen.findByTestId("alarm-status");
    expect(screen.queryByTestId("alarm-alert")).toBeNull();
    const historyReads = double.sentOf("AlarmHistory").length;
    await act(async () => {
      double.push("HsmChanged", {
        hsmChanged: {
          __typename: "HsmState",
          status: "armedAway",
          armingSince: null,
          armingUntil: null,
          alert: { __typename: "HsmAlert", kind: "intrusion", at: new Date().toISOString(), text: "Front Door opened" },
        },
      });
    });
    const alert = await screen.findByTestId("alarm-alert");
    expect(alert.textContent).toContain("Alert: Intrusion");
    expect(alert.textContent).toContain("Front Door opened");
    expect(screen.getByTestId("alarm-status").getAttribute("data-tone")).toBe("alert");
    await waitFor(() => expect(double.sentOf("AlarmHistory").length).toBeGreaterThan(historyReads));
  });

  it("asks before disarming, and sends nothing when kept armed", async () => {
    const double = panel({ hsmStatus: "armedAway" }, { SetAlarm: () => ({ setHsm: alarmFields({}) }) });
    session = sessionAs("ADMIN");
    renderScreen(<AlarmPage />, { link: double.link, session });
    fireEvent.click(await screen.findByRole("button", { name: "Disarm" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("Disarm the alarm?");
    fireEvent.click(within(dialog).getByRole("button", { name: "Keep armed" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(double.sentOf("SetAlarm")).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "Disarm" }));
    fireEvent.click(await screen.findByTestId("confirm-disarm"));
    await waitFor(() =>
      expect(double.sentOf("SetAlarm")).toEqual([{ name: "SetAlarm", variables: { value: "disarm" } }]),
    );
    await waitFor(() => expect(screen.getByTestId("alarm-status").textContent).toContain("Disarmed"));
  });

  it("disarms after the person confirms it's them with their password", async () => {
    let proven = false;
    const double = panel(
      { hsmStatus: "armedAway" },
      {
        MySecondFactor: () => ({
          mySecondFactor: { __typename: "SecondFactorStatus", totpEnabled: false, passkeys: [] },
        }),
        StepUp: (v) => {
          proven = v.password === "hunter22";
          return {
            stepUp: {
              __typename: "StepUpPayload",
              accessToken: "fresh",
              expiresAt: new Date(Date.now() + 900_000).toISOString(),
              stepUpAt: new Date().toISOString(),
            },
          };
        },
        SetAlarm: () => {
          if (!proven) throw new GraphQLAnswerError("Confirm your second factor first.", "STEP_UP_REQUIRED");
          return { setHsm: alarmFields({ hsmStatus: "disarmed" }) };
        },
      },
    );
    session = sessionAs("ADMIN");
    renderScreen(<AlarmPage />, { link: double.link, session, stepUp: true });
    fireEvent.click(await screen.findByRole("button", { name: "Disarm" }));
    fireEvent.click(await screen.findByTestId("confirm-disarm"));
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    const password = await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });
    fireEvent.change(password, { target: { value: "hunter22" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.getByTestId("alarm-status").textContent).toContain("Disarmed"));
    expect(double.sentOf("SetAlarm")).toHaveLength(2);
    expect(session.accessToken).toBe("fresh");
    expect(screen.queryByTestId("alarm-problem")).toBeNull();
  });

  it("says the disarm was not confirmed when the step-up was cancelled or still refused", async () => {
    const double = panel(
      { hsmStatus: "armedAway" },
      {
        SetAlarm: () => {
          throw new GraphQLAnswerError("Confirm your second factor first.", "STEP_UP_REQUIRED");
        },
      },
    );
    session = sessionAs("ADMIN");
    renderScreen(<AlarmPage />, { link: double.link, session });
    fireEvent.click(await screen.findByRole("button", { name: "Disarm" }));
    fireEvent.click(await screen.findByTestId("confirm-disarm"));
    const problem = await screen.findByTestId("alarm-problem");
    expect(problem.textContent).toContain("Not confirmed");
    expect(problem.textContent).toContain("Disarm again and confirm when asked.");
    expect(screen.getByTestId("alarm-status").textContent).toContain("Armed away");
  });

  it("with VIEW only, shows the state but disables every button with the reason", async () => {
    session = sessionAs("MEMBER");
    const double = panel({ hsmStatus: "armedAway", myAccess: { __typename: "HubAccess", hsm: "VIEW" } });
    renderScreen(<AlarmPage />, { link: double.link, session });
    expect((await screen.findByTestId("alarm-status")).textContent).toContain("Armed away");
    expect(screen.getByTestId("alarm-view-only").textContent).toBe("View only: ask an admin for control");
    for (const name of ["Arm away", "Arm home", "Arm night", "Disarm"]) {
      expect((screen.getByRole("button", { name }) as HTMLButtonElement).disabled).toBe(true);
    }
    fireEvent.click(screen.getByRole("button", { name: "Disarm" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(double.sentOf("SetAlarm")).toEqual([]);
  });

  it("lets a member granted CONTROL of HSM arm it, with no reason shown", async () => {
    session = sessionAs("MEMBER");
    const double = panel({}, { SetAlarm: () => ({ setHsm: alarmFields({ hsmStatus: "armingHome" }) }) });
    renderScreen(<AlarmPage />, { link: double.link, session });
    await screen.findByTestId("alarm-status");
    expect(screen.queryByTestId("alarm-view-only")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Arm home" }));
    await waitFor(() =>
      expect(double.sentOf("SetAlarm")).toEqual([{ name: "SetAlarm", variables: { value: "armHome" } }]),
    );
  });
});
