/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { choose, inputLabelled, type } from "../../test/screen-helpers";
import { renderScreen } from "../../test/render";
import AdminPage from "./AdminPage";

const now = new Date().toISOString();
const person = (id: string, displayName: string, role: string, extra: Record<string, unknown> = {}) => ({
  __typename: "User",
  id,
  email: `${displayName.toLowerCase()}@example.com`,
  displayName,
  role,
  createdAt: now,
  disabledAt: null,
  emailVerifiedAt: now,
  ...extra,
});

function server(overrides: Record<string, (v: Record<string, any>) => unknown> = {}) {
  const users = [person("1", "Ann", "ADMIN"), person("2", "Bob", "MEMBER")];
  const settings: Record<string, any>[] = [
    {
      key: "signUp.enabled",
      value: "false",
      defaultValue: "false",
      type: "boolean",
      description: "Sign-up",
      min: null,
      max: null,
    },
    {
      key: "rateLimit.login.windowSeconds",
      value: "900",
      defaultValue: "900",
      type: "integer",
      description: "Window",
      min: 10,
      max: 86400,
    },
    {
      key: "secondFactor.required",
      value: '"NONE"',
      defaultValue: '"NONE"',
      type: "choice",
      description: "Who must sign in with a second factor",
      min: null,
      max: null,
      choices: ["NONE", "ADMINS", "EVERYONE"],
    },
  ];
  return graphqlDouble({
    AdminUsers: () => ({
      users: { __typename: "UserPage", items: users, total: users.length, page: 1, pageSize: 20 },
    }),
    InviteUser: (v) => ({ inviteUser: person("3", v.displayName ?? "new", v.role, { email: v.email }) }),
    SetUserRole: (v) => ({ setUserRole: { __typename: "User", id: v.id, role: v.role } }),
    DisableUser: (v) => ({ disableUser: { __typename: "User", id: v.id, disabledAt: now } }),
    EnableUser: (v) => ({ enableUser: { __typename: "User", id: v.id, disabledAt: null } }),
    SystemSettings: () => ({
      systemSettings: settings.map((s) => ({ __typename: "SystemSettingEntry", updatedAt: null, ...s })),
    }),
    SetSystemSetting: (v) => {
      const s = settings.find((x) => x.key === v.key)!;
      s.value = v.value;
      return { setSystemSetting: { __typename: "SystemSettingEntry", key: v.key, value: v.value, updatedAt: now } };
    },
    NotificationRetention: () => ({ notificationRetentionDays: 90 }),
    SetNotificationRetention: (v) => ({ setNotificationRetentionDays: v.days }),
    ...overrides,
  });
}

// Answers come on later ticks of a machine that may be busy running every other suite too.
configure({ asyncUtilTimeout: 10_000 });

let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("AdminPage", () => {
  it("invites someone after checking the address, and shows the server's refusal", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server({
      InviteUser: () => {
        throw new GraphQLAnswerError("An account with this email address already exists.", "CONFLICT");
      },
    });
    renderScreen(<AdminPage />, { path: "/admin/*", at: "/admin", link, session });
    await screen.findAllByTestId("user-row");
    type(/^Email/, "not-an-address");
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByText("Enter a valid email address.")).toBeTruthy();
    expect(callsOf("InviteUser")).toHaveLength(0);
    type(/^Email/, "bob@example.com");
    await choose("Role", "Admin");
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    expect((await screen.findByTestId("form-error")).textContent).toBe(
      "An account with this email address already exists.",
    );
    expect(callsOf("InviteUser")[0]!.variables).toEqual({ email: "bob@example.com", displayName: null, role: "ADMIN" });
  });

  it("changes a role and disables an account, but not one's own", async () => {
    session = sessionAs("ADMIN", "1");
    const { link, callsOf } = server();
    renderScreen(<AdminPage />, { path: "/admin/*", at: "/admin/users", link, session });
    const [ann, bob] = await screen.findAllByTestId("user-row");
    expect(within(ann!).getByRole("button", { name: "Disable" }).hasAttribute("disabled")).toBe(true);
    await choose("Role of Bob", "Admin");
    await waitFor(() => expect(callsOf("SetUserRole")[0]?.variables).toEqual({ id: "2", role: "ADMIN" }));
    fireEvent.click(within(bob!).getByRole("button", { name: "Disable" }));
    await waitFor(() => expect(callsOf("DisableUser")[0]?.variables).toEqual({ id: "2" }));
    expect(await within(bob!).findByText("Disabled")).toBeTruthy();
    expect(await screen.findByText("Bob is disabled and signed out.")).toBeTruthy();
  });

  it("checks a setting against its bounds before saving it", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<AdminPage />, { path: "/admin/*", at: "/admin/settings", link, session });
    await screen.findAllByTestId("setting");
    const field = inputLabelled("rateLimit.login.windowSeconds");
    const row = field.closest<HTMLElement>("[data-testid=setting]")!;
    fireEvent.change(field, { target: { value: "5" } });
    fireEvent.click(within(row).getByRole("button", { name: "Save" }));
    expect(await within(row).findByText("The value must be between 10 and 86400.")).toBeTruthy();
    expect(callsOf("SetSystemSetting")).toHaveLength(0);
    fireEvent.change(field, { target: { value: "600" } });
    fireEvent.click(within(row).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(callsOf("SetSystemSetting")[0]?.variables).toEqual({ key: "rateLimit.login.windowSeconds", value: "600" }),
    );
    fireEvent.click(screen.getByLabelText("signUp.enabled"));
    await waitFor(() =>
      expect(callsOf("SetSystemSetting")[1]?.variables).toEqual({ key: "signUp.enabled", value: "true" }),
    );
    await waitFor(() => expect((screen.getByLabelText("signUp.enabled") as HTMLInputElement).checked).toBe(true));
  });

  it("keeps notifications as long as the admin says, within 1 to 3650 days", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<AdminPage />, { path: "/admin/*", at: "/admin/settings", link, session });
    const field = await screen.findByLabelText("notifications.retentionDays");
    const row = field.closest<HTMLElement>("[data-testid=setting]")!;
    expect((field as HTMLInputElement).value).toBe("90");
    fireEvent.change(field, { target: { value: "0" } });
    fireEvent.click(within(row).getByRole("button", { name: "Save" }));
    expect(await within(row).findByText("The value must be between 1 and 3650.")).toBeTruthy();
    expect(callsOf("SetNotificationRetention")).toHaveLength(0);
    fireEvent.change(field, { target: { value: "30" } });
    fireEvent.click(within(row).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(callsOf("SetNotificationRetention")[0]?.variables).toEqual({ days: 30 }));
    await waitFor(() =>
      expect((screen.getByLabelText("notifications.retentionDays") as HTMLInputElement).value).toBe("30"),
    );
  });

  it("sets who must use a second factor from the policy's choices", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<AdminPage />, { path: "/admin/*", at: "/admin/settings", link, session });
    await screen.findAllByTestId("setting");
    const row = screen.getByText("secondFactor.required").closest<HTMLElement>("[data-testid=setting]")!;
    expect(within(row).getByText(/Default NONE · one of NONE, ADMINS, EVERYONE/)).toBeTruthy();
    expect((within(row).getByLabelText("None") as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(row).getByLabelText("Admins"));
    await waitFor(() =>
      expect(callsOf("SetSystemSetting")[0]?.variables).toEqual({ key: "secondFactor.required", value: '"ADMINS"' }),
    );
    await waitFor(() => expect((within(row).getByLabelText("Admins") as HTMLInputElement).checked).toBe(true));
  });

  it("shows each service's health from /health, unhealthy ones with their problem", async () => {
    session = sessionAs("ADMIN");
    const original = globalThis.fetch;
    const asked: string[] = [];
    globalThis.fetch = (async (url: string) => {
      asked.push(String(url));
      if (url === "/system/backup") return new Response("{}", { status: 200 });
      return new Response(
        JSON.stringify({
          status: "unhealthy",
          service: "gateway",
          timestamp: now,
          checks: {
            auth: { status: "healthy", latencyMs: 4 },
            email: { status: "unhealthy", latencyMs: 2000, error: "email did not answer" },
          },
        }),
        { status: 503, headers: { "content-type": "application/json" } },
      );
    }) as typeof fetch;
    try {
      renderScreen(<AdminPage />, { path: "/admin/*", at: "/admin/health", link: server().link, session });
      expect((await screen.findByTestId("health-status")).textContent).toBe("Something is unhealthy");
      expect(screen.getByText("email did not answer")).toBeTruthy();
      expect(screen.getByText("4 ms")).toBeTruthy();
      fireEvent.click(screen.getByRole("button", { name: "Check again" }));
      await waitFor(() => expect(asked.filter((u) => u === "/health")).toEqual(["/health", "/health"]));
    } finally {
      globalThis.fetch = original;
    }
  });

  it("shows the last backup, its size, and a failed one with its reason", async () => {
    session = sessionAs("ADMIN");
    const original = globalThis.fetch;
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const ok = { at: hourAgo, kind: "scheduled", ok: true, file: "homegraph-x.hgbackup", sizeBytes: 1_572_864 };
    let answer: Record<string, unknown> = {};
    const sent: (string | null)[] = [];
    globalThis.fetch = (async (url: string, init?: RequestInit) => {
      if (url === "/system/backup") {
        sent.push(new Headers(init?.headers).get("authorization"));
        return new Response(JSON.stringify(answer), { status: 200 });
      }
      return new Response(JSON.stringify({ status: "healthy", timestamp: now, checks: {} }), { status: 200 });
    }) as typeof fetch;
    try {
      renderScreen(<AdminPage />, { path: "/admin/*", at: "/admin/health", link: server().link, session });
      expect((await screen.findByTestId("backup-status")).textContent).toBe("No backup yet");
      expect(sent[0]).toBe("Bearer token");

      answer = { last: ok, lastOk: ok };
      fireEvent.click(screen.getByRole("button", { name: "Check again" }));
      await waitFor(() =>
        expect(screen.getByTestId("backup-status").textContent).toBe("Last backup: 1 hour ago, 1.5 MB"),
      );

      answer = { last: { at: now, kind: "pre-migration", ok: false, error: "pg_dump failed: disk full" }, lastOk: ok };
      fireEvent.click(screen.getByRole("button", { name: "Check again" }));
      await waitFor(() =>
        expect(screen.getByTestId("backup-status").textContent).toMatch(
          /^The last backup failed .*: pg_dump failed: disk full · Last backup: 1 hour ago, 1.5 MB$/,
        ),
      );
    } finally {
      globalThis.fetch = original;
    }
  });
});
