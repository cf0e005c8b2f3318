/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../../test/graphql-double";
import { renderScreen } from "../../../test/render";
import { AccessPanel } from "./AccessPanel";

// The admin's People & access screen against a stand-in gateway that keeps the grants it is sent.

type Level = "NONE" | "VIEW" | "CONTROL";
const ROOMS = [
  { name: "Entrance", devices: [{ id: "71", label: "Front Door Lock", secure: true }] },
  { name: "Kitchen", devices: [{ id: "15", label: "Kitchen Lights", secure: false }] },
];

function server() {
  const roomGrants = new Map<string, Level>();
  const deviceGrants = new Map<string, Level>();
  const capabilityGrants = new Map<string, Level>();
  let stepped = false;
  const access = (userId: string) => ({
    __typename: "HomeAccess",
    userId,
    role: "MEMBER",
    validUntil: null,
    rooms: ROOMS.map((r) => ({
      __typename: "RoomAccess",
      room: r.name,
      level: roomGrants.get(`${userId}:${r.name}`) ?? "CONTROL",
      granted: roomGrants.get(`${userId}:${r.name}`) ?? null,
    })),
    devices: ROOMS.flatMap((r) =>
      r.devices.map((d) => {
        const own = deviceGrants.get(`${userId}:${d.id}`);
        return {
          __typename: "DeviceAccess",
          deviceId: d.id,
          level: own ?? (d.secure ? "VIEW" : (roomGrants.get(`${userId}:${r.name}`) ?? "CONTROL")),
          secure: d.secure,
          source: own ? "DEVICE_GRANT" : "ROLE_DEFAULT",
          granted: own ?? null,
        };
      }),
    ),
    capabilities: ["HSM", "MODE"].map((capability) => {
      const own = capabilityGrants.get(`${userId}:${capability}`);
      return {
        __typename: "CapabilityAccess",
        capability,
        level: own ?? "VIEW",
        source: own ? "CAPABILITY_GRANT" : "ROLE_DEFAULT",
        granted: own ?? null,
      };
    }),
  });
  const user = (id: string, displayName: string, role: string) => ({
    __typename: "User",
    id,
    displayName,
    role,
    homeAccess: role === "ADMIN" ? null : access(id),
  });
  return graphqlDouble({
    AccessMatrix: () => ({
      accessMatrix: {
        __typename: "AccessMatrix",
        rooms: ROOMS.map((r) => ({
          __typename: "AccessMatrixRoom",
          name: r.name,
          devices: r.devices.map((d) => ({
            __typename: "AccessMatrixDevice",
            secure: d.secure,
            device: { __typename: "Device", id: d.id, label: d.label },
          })),
        })),
        roleDefaults: [
          { __typename: "RoleAccessDefaults", role: "MEMBER", ordinary: "CONTROL", secure: "VIEW" },
          { __typename: "RoleAccessDefaults", role: "GUEST", ordinary: "NONE", secure: "NONE" },
        ],
        people: [user("1", "Ann", "ADMIN"), user("2", "Max", "MEMBER")],
      },
    }),
    SetRoomAccess: (v) => {
      const key = `${v.userId}:${v.room}`;
      if (v.level) roomGrants.set(key, v.level);
      else roomGrants.delete(key);
      return { setRoomAccess: { __typename: "User", id: v.userId, homeAccess: access(v.userId) } };
    },
    SetDeviceAccess: (v) => {
      if (v.deviceId === "71" && v.level === "CONTROL" && !stepped) {
        throw new GraphQLAnswerError("Confirm it's you first.", "STEP_UP_REQUIRED");
      }
      deviceGrants.set(`${v.userId}:${v.deviceId}`, v.level);
      return { setDeviceAccess: { __typename: "User", id: v.userId, homeAccess: access(v.userId) } };
    },
    SetCapabilityAccess: (v) => {
      if (v.level === "CONTROL" && !stepped)
        throw new GraphQLAnswerError("Confirm it's you first.", "STEP_UP_REQUIRED");
      capabilityGrants.set(`${v.userId}:${v.capability}`, v.level);
      return { setCapabilityAccess: { __typename: "User", id: v.userId, homeAccess: access(v.userId) } };
    },
    SetRoleAccessDefaults: (v) => ({
      setRoleAccessDefaults: { __typename: "RoleAccessDefaults", role: v.role, ordinary: v.ordinary, secure: v.secure },
    }),
    MySecondFactor: () => ({ mySecondFactor: { __typename: "SecondFactorStatus", totpEnabled: false, passkeys: [] } }),
    StepUp: (v) => {
      if (v.password !== "right") throw new GraphQLAnswerError("The password is wrong.", "BAD_USER_INPUT", "password");
      stepped = true;
      const at = new Date().toISOString();
      return { stepUp: { __typename: "StepUpPayload", accessToken: "fresh", expiresAt: at, stepUpAt: at } };
    },
  });
}

const select = (label: string) => screen.getByLabelText(label) as HTMLSelectElement;

configure({ asyncUtilTimeout: 10_000 });
let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("People & access", () => {
  it("shows each person × room, the default apart from a grant, and sends a room's level and back to the default", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<AccessPanel />, { link, session });
    await screen.findByTestId("access-matrix");
    expect(within(screen.getByTestId("person-1")).getAllByText("Control (admin)")).toHaveLength(2);
    const kitchen = select("Max in Kitchen");
    expect(kitchen.value).toBe("");
    expect(kitchen.selectedOptions[0]!.textContent).toBe("Default (Control, role default)");
    expect(screen.getByTestId("room-level-2-Kitchen").getAttribute("data-default")).toBe("true");

    fireEvent.change(kitchen, { target: { value: "VIEW" } });
    await waitFor(() => expect(select("Max in Kitchen").value).toBe("VIEW"));
    expect(callsOf("SetRoomAccess")[0]!.variables).toEqual({ userId: "2", room: "Kitchen", level: "VIEW" });
    expect(screen.getByTestId("room-level-2-Kitchen").getAttribute("data-default")).toBeNull();

    fireEvent.change(select("Max in Kitchen"), { target: { value: "" } });
    await waitFor(() => expect(callsOf("SetRoomAccess")).toHaveLength(2));
    expect(callsOf("SetRoomAccess")[1]!.variables.level).toBeNull();
    await waitFor(() => expect(select("Max in Kitchen").value).toBe(""));
  });

  it("marks secure devices, and granting CONTROL of the lock asks 'Confirm it's you' first", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<AccessPanel />, { link, session, stepUp: true });
    await screen.findByTestId("access-matrix");
    fireEvent.click(within(screen.getByTestId("person-2")).getByRole("button", { name: "Devices…" }));
    const lock = await screen.findByTestId("device-access-71");
    expect(within(lock).getByRole("img", { name: "Secure device" })).toBeTruthy();
    expect(within(lock).getByText("needs an explicit CONTROL grant")).toBeTruthy();
    expect(within(screen.getByTestId("device-access-15")).queryByText("needs an explicit CONTROL grant")).toBeNull();
    expect(select("Max: Front Door Lock").selectedOptions[0]!.textContent).toBe("Default (View, role default)");

    fireEvent.change(select("Max: Front Door Lock"), { target: { value: "CONTROL" } });
    const prompt = await screen.findByRole("dialog", { name: "Confirm it's you" });
    fireEvent.change(within(prompt).getByLabelText(/^Password/), { target: { value: "right" } });
    fireEvent.click(within(prompt).getByRole("button", { name: /confirm/i }));
    await waitFor(() => expect(select("Max: Front Door Lock").value).toBe("CONTROL"));
    expect(callsOf("SetDeviceAccess").map((c) => c.variables)).toEqual([
      { userId: "2", deviceId: "71", level: "CONTROL" },
      { userId: "2", deviceId: "71", level: "CONTROL" },
    ]);
  });

  it("the alarm and the house mode are rows of their own, secure, and CONTROL asks 'Confirm it's you' first", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<AccessPanel />, { link, session, stepUp: true });
    await screen.findByTestId("access-matrix");
    fireEvent.click(within(screen.getByTestId("person-2")).getByRole("button", { name: "Devices…" }));
    const alarm = await screen.findByTestId("capability-access-HSM");
    expect(within(alarm).getByText("needs an explicit CONTROL grant")).toBeTruthy();
    expect(within(screen.getByTestId("capability-access-MODE")).getByText("House mode")).toBeTruthy();
    expect(select("Max: Alarm (HSM)").selectedOptions[0]!.textContent).toBe("Default (View, role default)");

    fireEvent.change(select("Max: Alarm (HSM)"), { target: { value: "CONTROL" } });
    const prompt = await screen.findByRole("dialog", { name: "Confirm it's you" });
    fireEvent.change(within(prompt).getByLabelText(/^Password/), { target: { value: "right" } });
    fireEvent.click(within(prompt).getByRole("button", { name: /confirm/i }));
    await waitFor(() => expect(select("Max: Alarm (HSM)").value).toBe("CONTROL"));
    expect(callsOf("SetCapabilityAccess").map((c) => c.variables)).toEqual([
      { userId: "2", capability: "HSM", level: "CONTROL" },
      { userId: "2", capability: "HSM", level: "CONTROL" },
    ]);
    fireEvent.change(select("Max: House mode"), { target: { value: "NONE" } });
    await waitFor(() => expect(select("Max: House mode").value).toBe("NONE"));
  });

  it("saves a role's defaults; secure devices offer no more than View", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<AccessPanel />, { link, session });
    await screen.findByTestId("access-matrix");
    const secure = select("Members: secure devices");
    expect([...secure.options].map((o) => o.value)).toEqual(["NONE", "VIEW"]);
    const row = screen.getByTestId("role-defaults-MEMBER");
    expect((within(row).getByRole("button", { name: "Save" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(select("Members: ordinary devices"), { target: { value: "VIEW" } });
    fireEvent.click(within(row).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(callsOf("SetRoleAccessDefaults")).toHaveLength(1));
    expect(callsOf("SetRoleAccessDefaults")[0]!.variables).toEqual({
      role: "MEMBER",
      ordinary: "VIEW",
      secure: "VIEW",
    });
  });
});
