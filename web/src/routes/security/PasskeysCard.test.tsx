/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import { type } from "../../test/screen-helpers";
import { securityServer, type FixturePasskey } from "./security.fixture";
import SecurityPage from "./SecurityPage";

// navigator.credentials is not in jsdom; the Chromium acceptance test (test/web/passkey.e2e.test.ts)
// creates a real passkey. Here: what the card sends around the browser's ceremony and shows.
const startRegistration = jest.fn();
jest.mock("@simplewebauthn/browser", () => ({ startRegistration: (...a: unknown[]) => startRegistration(...a) }));

configure({ asyncUtilTimeout: 10_000 });

const withWebAuthn = (on: boolean) => {
  if (on) (window as { PublicKeyCredential?: unknown }).PublicKeyCredential = function PublicKeyCredential() {};
  else delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
};

let session: ReturnType<typeof sessionAs>;
afterEach(() => {
  act(() => session.clear());
  startRegistration.mockReset();
  withWebAuthn(false);
});

const phone: FixturePasskey = {
  id: "pk-1",
  name: "Ann's phone",
  createdAt: "2026-11-02T10:00:00.000Z",
  lastUsedAt: null,
  backedUp: true,
};
const card = () => screen.getByRole("region", { name: "Passkeys" });

describe("passkeys on the Security screen", () => {
  it("adds a passkey with the name the person typed", async () => {
    withWebAuthn(true);
    session = sessionAs("MEMBER");
    const { link, callsOf } = securityServer();
    startRegistration.mockResolvedValue({ id: "cred-1", type: "public-key", response: { attestationObject: "a" } });
    renderScreen(<SecurityPage />, { link, session });
    expect(await screen.findByTestId("no-passkeys")).toBeTruthy();
    fireEvent.click(within(card()).getByRole("button", { name: "Add a passkey" }));
    type("Name for the new passkey", "  Kitchen tablet ");
    fireEvent.click(within(card()).getByRole("button", { name: "Create passkey" }));

    await waitFor(() =>
      expect(screen.getAllByTestId("passkey-name").map((n) => n.textContent)).toEqual(["Kitchen tablet"]),
    );
    expect(startRegistration).toHaveBeenCalledWith({ optionsJSON: { challenge: "xyz", rp: { id: "localhost" } } });
    const [finish] = callsOf("FinishPasskeyRegistration");
    expect(finish!.variables.challengeId).toBe("reg-1");
    expect(finish!.variables.name).toBe("Kitchen tablet");
    expect(JSON.parse(finish!.variables.response)).toEqual({
      id: "cred-1",
      type: "public-key",
      response: { attestationObject: "a" },
    });
    expect(within(card()).getByText(/Passkey “Kitchen tablet” added/)).toBeTruthy();
    expect(within(card()).getByText("Synced")).toBeTruthy();
  });

  it("says so when the person cancels the browser's passkey dialog, and registers nothing", async () => {
    withWebAuthn(true);
    session = sessionAs("MEMBER");
    const { link, callsOf } = securityServer();
    startRegistration.mockRejectedValue(Object.assign(new Error("not allowed"), { name: "NotAllowedError" }));
    renderScreen(<SecurityPage />, { link, session });
    fireEvent.click(
      await within(await screen.findByRole("region", { name: "Passkeys" })).findByRole("button", {
        name: "Add a passkey",
      }),
    );
    fireEvent.click(within(card()).getByRole("button", { name: "Create passkey" }));
    expect((await screen.findByTestId("passkey-problem")).textContent).toBe(
      "No passkey was created: it was cancelled or took too long.",
    );
    expect(callsOf("FinishPasskeyRegistration")).toHaveLength(0);
  });

  it("hides Add where the browser has no WebAuthn, but still lists and manages passkeys", async () => {
    withWebAuthn(false);
    session = sessionAs("MEMBER");
    const { link } = securityServer({ passkeys: [phone] });
    renderScreen(<SecurityPage />, { link, session });
    expect(await screen.findByTestId("passkeys-unsupported")).toBeTruthy();
    expect(within(card()).queryByRole("button", { name: "Add a passkey" })).toBeNull();
    expect(within(card()).getByTestId("passkey").textContent).toMatch(/last used never/);
  });

  it("renames a passkey in place", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = securityServer({ passkeys: [phone] });
    renderScreen(<SecurityPage />, { link, session });
    fireEvent.click(await screen.findByRole("button", { name: "Rename Ann's phone" }));
    type("Passkey name", "Old phone");
    fireEvent.click(within(card()).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.getByTestId("passkey-name").textContent).toBe("Old phone"));
    expect(callsOf("RenamePasskey").map((c) => c.variables)).toEqual([{ id: "pk-1", name: "Old phone" }]);
  });

  it("removes a passkey only once confirmed", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = securityServer({
      passkeys: [phone, { ...phone, id: "pk-2", name: "YubiKey", backedUp: false }],
    });
    renderScreen(<SecurityPage />, { link, session });
    fireEvent.click(await screen.findByRole("button", { name: "Remove YubiKey" }));
    fireEvent.click(within(card()).getByRole("button", { name: "Keep it" }));
    expect(callsOf("RemovePasskey")).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "Remove YubiKey" }));
    fireEvent.click(within(card()).getByRole("button", { name: "Yes, remove" }));
    await waitFor(() =>
      expect(screen.getAllByTestId("passkey-name").map((n) => n.textContent)).toEqual(["Ann's phone"]),
    );
    expect(callsOf("RemovePasskey").map((c) => c.variables)).toEqual([{ id: "pk-2" }]);
  });

  it("tells a person the household asks for a second factor until they have one", async () => {
    session = sessionAs("MEMBER");
    const { link } = securityServer({ required: true });
    renderScreen(<SecurityPage />, { link, session });
    expect(await screen.findByTestId("second-factor-required")).toBeTruthy();
  });

  it("in an enrolment-only session: no sessions list, and a new passkey opens the app again", async () => {
    withWebAuthn(true);
    session = sessionAs("MEMBER", "1", () => ({}));
    act(() => session.enrolmentRequired());
    const { link, callsOf } = securityServer({ required: true });
    startRegistration.mockResolvedValue({ id: "cred-1", type: "public-key", response: {} });
    renderScreen(<SecurityPage />, { link, session });
    await screen.findByTestId("second-factor-required");
    expect(screen.queryByRole("region", { name: "Where you are signed in" })).toBeNull();
    expect(callsOf("MySessions")).toHaveLength(0);
    fireEvent.click(within(card()).getByRole("button", { name: "Add a passkey" }));
    fireEvent.click(within(card()).getByRole("button", { name: "Create passkey" }));
    await screen.findByText(/Passkey “.*” added/);
    await waitFor(() => expect(session.getSnapshot().enrolmentOnly).toBeFalsy());
  });
});
