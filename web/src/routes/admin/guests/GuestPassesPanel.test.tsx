/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../../test/graphql-double";
import { inputLabelled, type } from "../../../test/screen-helpers";
import { renderScreen } from "../../../test/render";
import { GuestPassesPanel } from "./GuestPassesPanel";

const LINK = `http://localhost/pass/${"x".repeat(43)}`;
const admin = { __typename: "User", id: "1", displayName: "Ann" };
const DEVICES = [
  { id: "71", label: "Front Door Lock", room: "Entrance", capabilities: ["Lock", "LockCodes"] },
  { id: "14", label: "Living Room Color Bulb", room: "Living Room", capabilities: ["Switch", "Light"] },
  { id: "15", label: "Kitchen Lights", room: "Kitchen", capabilities: ["Switch"] },
].map((d) => ({ __typename: "Device", ...d }));

function pass(id: string, input: Record<string, any>, extra: Record<string, unknown> = {}) {
  return {
    __typename: "GuestPass",
    id,
    guestName: input.guestName,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    status: "ACTIVE",
    endedAt: null as string | null,
    createdAt: new Date().toISOString(),
    redemptions: 0,
    firstRedeemedAt: null,
    lastRedeemedAt: null,
    homeAccessRemoved: false,
    rooms: (input.rooms ?? []).map((r: object) => ({ __typename: "GuestRoomAccess", ...r })),
    devices: (input.devices ?? []).map((d: object) => ({ __typename: "GuestDeviceAccess", ...d })),
    lockCode: input.lockCode
      ? { __typename: "GuestLockCode", deviceId: input.lockCode.deviceId, name: input.lockCode.name }
      : null,
    createdBy: admin,
    endedBy: null as typeof admin | null,
    ...extra,
  };
}

function server() {
  const hour = 3_600_000;
  let passes = [
    pass(
      "p1",
      {
        guestName: "Cleaner",
        validFrom: new Date(Date.now() - 48 * hour).toISOString(),
        validUntil: new Date(Date.now() - 47 * hour).toISOString(),
        rooms: [{ room: "Kitchen", level: "CONTROL" }],
      },
      { status: "EXPIRED", redemptions: 2, lastRedeemedAt: new Date(Date.now() - 47.5 * hour).toISOString() },
    ),
  ];
  let stepped = false;
  return graphqlDouble({
    GuestPassChoices: () => ({ devices: DEVICES }),
    GuestPasses: () => ({ guestPasses: passes }),
    CreateGuestPass: (v) => {
      if (!stepped) throw new GraphQLAnswerError("Confirm it's you first.", "STEP_UP_REQUIRED");
      const created = pass("p2", v.input);
      passes = [created, ...passes];
      return { createGuestPass: { __typename: "CreatedGuestPass", link: LINK, pass: created } };
    },
    EndGuestPass: (v) => {
      passes = passes.map((p) =>
        p.id === v.id ? { ...p, status: "ENDED", endedAt: new Date().toISOString(), endedBy: admin } : p,
      );
      return { endGuestPass: passes.find((p) => p.id === v.id) };
    },
    MySecondFactor: () => ({ mySecondFactor: { __typename: "SecondFactorStatus", totpEnabled: false, passkeys: [] } }),
    StepUp: () => {
      stepped = true;
      const at = new Date().toISOString();
      return { stepUp: { __typename: "StepUpPayload", accessToken: "fresh", expiresAt: at, stepUpAt: at } };
    },
  });
}

const choose = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

configure({ asyncUtilTimeout: 10_000 });
let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("guest passes", () => {
  it("creates a pass after 'Confirm it's you', then shows its link once with a QR code and a copy button", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<GuestPassesPanel />, { link, session, stepUp: true });
    await screen.findByLabelText("Front Door Lock");
    // Now until a day later, by default.
    const from = Date.parse(inputLabelled(/^From/).value);
    expect(Math.abs(from - Date.now())).toBeLessThan(120_000);
    expect(Date.parse(inputLabelled(/^Until/).value) - from).toBe(86_400_000);

    type(/^Guest's name/, "Sam");
    choose("Living Room Color Bulb", "CONTROL");
    // Choosing the lock for a code gives the pass Control of it.
    choose("Lock code", "71");
    expect((screen.getByLabelText("Front Door Lock") as HTMLSelectElement).value).toBe("CONTROL");
    type(/^Code/, "4321");
    fireEvent.click(screen.getByRole("button", { name: "Create pass" }));
    const prompt = await screen.findByRole("dialog", { name: "Confirm it's you" });
    fireEvent.change(within(prompt).getByLabelText(/^Password/), { target: { value: "right" } });
    fireEvent.click(within(prompt).getByRole("button", { name: /confirm/i }));

    const shown = await screen.findByTestId("pass-link");
    expect(within(shown).getByTestId("pass-link-url").textContent).toBe(LINK);
    expect(within(shown).getByRole("button", { name: "Copy link" })).toBeTruthy();
    const qr = await within(shown).findByRole("img", { name: /QR code of the guest pass link for Sam/ });
    expect(qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml/);
    const input = callsOf("CreateGuestPass").at(-1)!.variables.input;
    expect(input).toMatchObject({
      guestName: "Sam",
      rooms: [],
      devices: expect.arrayContaining([
        { deviceId: "14", level: "CONTROL" },
        { deviceId: "71", level: "CONTROL" },
      ]),
      lockCode: { deviceId: "71", code: "4321", name: "Sam" },
    });
    // The history lists it, with what it opens and its lock code's name (never the code).
    await waitFor(() => expect(screen.getAllByTestId("pass-row")).toHaveLength(2));
    const row = screen.getAllByTestId("pass-row")[0]!;
    expect(within(row).getByText(/Front Door Lock \(control\)/)).toBeTruthy();
    expect(within(row).getByText(/lock code "Sam"/)).toBeTruthy();
    expect(row.textContent).not.toContain("4321");
  });

  it("checks the form before asking the server: a name, something to open, a code of digits", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<GuestPassesPanel />, { link, session, stepUp: true });
    await screen.findByLabelText("Front Door Lock");
    choose("Lock code", "71");
    choose("Front Door Lock", "");
    type(/^Code/, "12ab");
    fireEvent.click(screen.getByRole("button", { name: "Create pass" }));
    expect(await screen.findByText(/Give the guest's name/)).toBeTruthy();
    expect(screen.getByText("Choose at least one room or device.")).toBeTruthy();
    expect(screen.getByText("A lock code is 4 to 8 digits.")).toBeTruthy();
    expect(screen.getByText(/must give Control of this lock/)).toBeTruthy();
    expect(callsOf("CreateGuestPass")).toHaveLength(0);
  });

  it("shows each pass's status and use, and ends an active one only once asked", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<GuestPassesPanel />, { link, session, stepUp: true });
    const expired = await screen.findByTestId("pass-row");
    expect(within(expired).getByTestId("pass-status").textContent).toBe("Expired");
    expect(within(expired).getByTestId("pass-uses").textContent).toMatch(/Link used 2 times/);
    expect(within(expired).queryByRole("button", { name: /End now/ })).toBeNull();

    // A new one, ended at once.
    type(/^Guest's name/, "Dana");
    choose("Whole room: Kitchen", "VIEW");
    fireEvent.click(screen.getByRole("button", { name: "Create pass" }));
    const prompt = await screen.findByRole("dialog", { name: "Confirm it's you" });
    fireEvent.change(within(prompt).getByLabelText(/^Password/), { target: { value: "right" } });
    fireEvent.click(within(prompt).getByRole("button", { name: /confirm/i }));
    await waitFor(() => expect(screen.getAllByTestId("pass-row")).toHaveLength(2));
    const active = screen.getAllByTestId("pass-row")[0]!;
    fireEvent.click(within(active).getByRole("button", { name: "End now…" }));
    expect(callsOf("EndGuestPass")).toHaveLength(0);
    fireEvent.click(within(active).getByRole("button", { name: "End now" }));
    await waitFor(() =>
      expect(callsOf("EndGuestPass")).toEqual([expect.objectContaining({ variables: { id: "p2" } })]),
    );
    await waitFor(() =>
      expect(within(screen.getAllByTestId("pass-row")[0]!).getByTestId("pass-status").textContent).toBe("Ended early"),
    );
    expect(screen.getAllByTestId("pass-row")[0]!.textContent).toMatch(/ended by Ann/);
  });
});
