/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import { HubsPanel } from "./HubsPanel";

configure({ asyncUtilTimeout: 10_000 });

const drift = (corrections: number, lastReconciledAt: string | null) => ({
  __typename: "HubDrift",
  attributeValue: corrections,
  label: 0,
  room: 0,
  removed: 0,
  returned: 0,
  added: 0,
  corrections,
  lastReconciledAt,
});

const hub = (name: string, primary: boolean, d: ReturnType<typeof drift>) => ({
  __typename: "Hub",
  name,
  primary,
  configured: true,
  connected: true,
  problem: null,
  lastEventAt: null,
  lastSyncAt: null,
  drift: d,
});

let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("HubsPanel", () => {
  it("shows each hub's corrections and reconciles one on demand, then shows what it corrected", async () => {
    session = sessionAs("ADMIN");
    const state = { house: drift(0, null), barn: drift(4, new Date(Date.now() - 60_000).toISOString()) };
    const { link, callsOf } = graphqlDouble({
      AdminHubs: () => ({ hubs: [hub("house", true, state.house), hub("barn", false, state.barn)] }),
      ReconcileHub: () => {
        state.house = drift(2, new Date().toISOString());
        return {
          reconcileHub: {
            __typename: "ReconcileReport",
            at: new Date().toISOString(),
            devicesChecked: 42,
            corrections: 2,
            ms: 35,
            byKind: {
              __typename: "DriftCorrections",
              attributeValue: 2,
              label: 0,
              room: 0,
              removed: 0,
              returned: 0,
              added: 0,
            },
          },
        };
      },
    });
    renderScreen(<HubsPanel />, { link, session });
    const [house, barn] = await screen.findAllByTestId("hub-drift");
    expect(within(house!).getByText(/Last reconciled never/)).toBeTruthy();
    expect(within(barn!).getByTestId("drift of barn-attributeValue").textContent).toBe("4");
    fireEvent.click(within(house!).getByRole("button", { name: "Reconcile now" }));
    expect(await within(house!).findByText("Checked 42 devices in 35 ms: corrected 2.")).toBeTruthy();
    expect(callsOf("ReconcileHub")[0]!.variables).toEqual({ hub: "house" });
    await waitFor(() => expect(within(house!).getByTestId("drift of house-attributeValue").textContent).toBe("2"));
  });

  it("says why a reconcile could not run", async () => {
    session = sessionAs("ADMIN");
    const { link } = graphqlDouble({
      AdminHubs: () => ({ hubs: [hub("main", true, drift(0, null))] }),
      ReconcileHub: () => {
        throw new GraphQLAnswerError("The hub did not answer.", "UNAVAILABLE");
      },
    });
    renderScreen(<HubsPanel />, { link, session });
    fireEvent.click(await screen.findByRole("button", { name: "Reconcile now" }));
    expect(await screen.findByText("The hub did not answer.")).toBeTruthy();
  });
});
