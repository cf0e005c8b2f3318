/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { choose, type } from "../../test/screen-helpers";
import { renderScreen } from "../../test/render";
import AutomationsPage from "./AutomationsPage";
import { fromAutomation, toInput, validateRule } from "./rule-draft";

const stored = {
  __typename: "Automation",
  id: "7",
  name: "Porch light at dusk",
  enabled: true,
  trigger: { type: "time", at: "19:30" },
  conditions: [{ type: "mode", is: "Home" }],
  actions: [{ type: "command", deviceId: 3, command: "on", args: [] }],
  lastFiredAt: new Date(Date.now() - 3 * 60_000).toISOString(),
  createdAt: "2026-11-01T10:00:00.000Z",
};

const choices = {
  devices: [
    {
      __typename: "Device",
      id: "3",
      label: "Porch light",
      room: "Outside",
      attributes: [{ __typename: "DeviceAttribute", name: "switch", dataType: "ENUM", values: ["on", "off"] }],
      commands: [{ __typename: "DeviceCommand", name: "on", argTypes: [] }],
    },
  ],
  hub: { __typename: "Hub", modes: [{ __typename: "HubMode", id: "1", name: "Home" }] },
};

function server(overrides: Record<string, (v: Record<string, any>) => unknown> = {}) {
  let enabled = stored.enabled;
  return graphqlDouble({
    Automations: () => ({ automations: [{ ...stored, enabled }] }),
    RuleChoices: () => choices,
    Automation: () => ({ automation: { ...stored, enabled } }),
    SetAutomationEnabled: (v) => {
      enabled = v.enabled;
      return { setAutomationEnabled: { __typename: "Automation", id: v.id, enabled } };
    },
    CreateAutomation: (v) => ({
      createAutomation: { ...stored, id: "8", ...v.input, enabled: true, lastFiredAt: null },
    }),
    ...overrides,
  });
}

// Answers come on later ticks of a machine that may be busy running every other suite too.
configure({ asyncUtilTimeout: 10_000 });

let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("AutomationsPage", () => {
  it("lists rules with their trigger and when they last fired, and turns one off", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<AutomationsPage />, { path: "/automations/*", at: "/automations", link, session });
    const card = (await screen.findAllByTestId("automation"))[0]!;
    expect(within(card).getByText("Porch light at dusk")).toBeTruthy();
    expect(within(card).getByText("Every day at 19:30")).toBeTruthy();
    expect(within(card).getByTestId("last-fired").textContent).toBe("Last fired: 3 minutes ago");
    fireEvent.click(within(card).getByLabelText("Porch light at dusk enabled"));
    await waitFor(() =>
      expect(callsOf("SetAutomationEnabled")).toEqual([
        expect.objectContaining({ variables: { id: "7", enabled: false } }),
      ]),
    );
    await waitFor(() => expect(within(card).getByText("Off")).toBeTruthy());
    expect(await screen.findByText("Automation off.")).toBeTruthy();
  });

  it("shows members the rules without the controls only admins may use", async () => {
    session = sessionAs("MEMBER");
    renderScreen(<AutomationsPage />, { path: "/automations/*", at: "/automations", link: server().link, session });
    await screen.findAllByTestId("automation");
    expect(screen.queryByRole("link", { name: "New automation" })).toBeNull();
    expect(screen.queryByLabelText("Porch light at dusk enabled")).toBeNull();
  });

  it("sends nothing while the rule breaks the server's rules, and says where", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<AutomationsPage />, { path: "/automations/*", at: "/automations/new", link, session });
    fireEvent.click(await screen.findByRole("button", { name: "Create automation" }));
    expect(await screen.findByText("Give the automation a name.")).toBeTruthy();
    expect(screen.getAllByText("Choose a device.")).toHaveLength(2); // the trigger's and the action's
    expect(document.activeElement?.getAttribute("data-field")).toBe("name");
    expect(callsOf("CreateAutomation")).toHaveLength(0);
  });

  it("creates a rule and goes back to the list", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    const { router } = renderScreen(<AutomationsPage />, {
      path: "/automations/*",
      at: "/automations/new",
      link,
      session,
    });
    type(/^Name/, "Wake up");
    await choose("Trigger", "A time of day");
    type("Time (HH:MM)", "25:00");
    fireEvent.click(screen.getByRole("button", { name: "Create automation" }));
    expect(await screen.findByText("Enter a time of day as HH:MM (24-hour).")).toBeTruthy();
    type("Time (HH:MM)", "07:00");
    await choose("Action 1", "Set the mode");
    type("Mode", "Home");
    fireEvent.click(screen.getByRole("button", { name: "Create automation" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/automations"));
    expect(callsOf("CreateAutomation")[0]!.variables.input).toEqual({
      name: "Wake up",
      trigger: { type: "time", at: "07:00" },
      conditions: [],
      actions: [{ type: "setMode", mode: "Home" }],
    });
  });

  it("a notify action goes by the channels ticked (in the app and push for a new one)", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    const { router } = renderScreen(<AutomationsPage />, {
      path: "/automations/*",
      at: "/automations/new",
      link,
      session,
    });
    type(/^Name/, "Morning note");
    await choose("Trigger", "A time of day");
    type("Time (HH:MM)", "07:00");
    await choose("Action 1", "Send a notification");
    await choose("Send to", "Admins");
    const box = (name: string) => screen.getByRole("checkbox", { name }) as HTMLInputElement;
    expect([box("In the app").checked, box("Push to phones").checked, box("Email").checked]).toEqual([
      true,
      true,
      false,
    ]);
    fireEvent.click(box("In the app"));
    fireEvent.click(box("Push to phones"));
    fireEvent.click(screen.getByRole("button", { name: "Create automation" }));
    expect(await screen.findByText("Choose at least one way to send it.")).toBeTruthy();
    fireEvent.click(box("Email"));
    fireEvent.click(box("Push to phones"));
    fireEvent.click(screen.getByRole("button", { name: "Create automation" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/automations"));
    expect(callsOf("CreateAutomation")[0]!.variables.input.actions).toEqual([
      { type: "notify", role: "ADMIN", channels: ["PUSH", "EMAIL"] },
    ]);
  });

  it("puts the server's error on the part of the rule it names", async () => {
    session = sessionAs("ADMIN");
    const { link } = server({
      Automation: () => ({ automation: stored }),
      UpdateAutomation: () => {
        throw new GraphQLAnswerError(
          "actions[0].deviceId there is no device 3",
          "BAD_USER_INPUT",
          "actions[0].deviceId",
        );
      },
    });
    renderScreen(<AutomationsPage />, { path: "/automations/*", at: "/automations/7", link, session });
    expect(((await screen.findByLabelText(/^Name/)) as HTMLInputElement).value).toBe("Porch light at dusk");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const message = await screen.findByText("actions[0].deviceId there is no device 3");
    const input = document.querySelector<HTMLInputElement>('[data-field="actions[0].deviceId"]')!;
    expect(input.getAttribute("aria-describedby")).toContain(message.id);
  });
});

describe("rule drafts", () => {
  it("round-trip a stored rule and check what the server checks", () => {
    const draft = fromAutomation({
      name: "Cold",
      trigger: { type: "attribute", deviceId: 4, attribute: "temperature", below: 18 },
      conditions: [{ type: "timeWindow", from: "22:00", to: "06:00" }],
      actions: [{ type: "notify", role: "ADMIN", userIds: [2], subject: "Cold" }],
    });
    expect(validateRule(draft)).toEqual({});
    expect(toInput(draft)).toEqual({
      name: "Cold",
      trigger: { type: "attribute", deviceId: "4", attribute: "temperature", below: 18 },
      conditions: [{ type: "timeWindow", from: "22:00", to: "06:00" }],
      // Saved before notify had channels: it mails, and saving it again says so.
      actions: [{ type: "notify", role: "ADMIN", userIds: [2], subject: "Cold", channels: ["EMAIL"] }],
    });
    const chosen = fromAutomation({
      name: "Cold",
      trigger: { type: "mode", becomes: "Away" },
      conditions: [],
      actions: [{ type: "notify", role: "ADMIN", channels: ["PUSH", "IN_APP", "SMS"] }],
    });
    expect(chosen.actions[0]!.channels).toEqual(["IN_APP", "PUSH"]);
    chosen.actions[0]!.channels = [];
    expect(validateRule(chosen)).toEqual({ "actions[0].channels": "Choose at least one way to send it." });
    const broken = { ...draft, trigger: { ...draft.trigger, value: "cold" }, actions: [] };
    expect(validateRule(broken)).toEqual({ "trigger.below": "Enter a number.", actions: "Add at least one action." });
    const args = fromAutomation({
      name: "x",
      trigger: { type: "mode", becomes: "Away" },
      conditions: [],
      actions: [{ type: "command", deviceId: 1, command: "setLevel", args: [] }],
    });
    args.actions[0]!.args = "50";
    expect(validateRule(args)).toEqual({ "actions[0].args": "Write the arguments as a JSON list, like [50]." });
  });
});
