/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import { type } from "../../test/screen-helpers";
import { CODES, securityServer } from "./security.fixture";
import SecurityPage from "./SecurityPage";

configure({ asyncUtilTimeout: 10_000 });

let session: ReturnType<typeof sessionAs>;
afterEach(() => {
  act(() => session.clear());
  jest.restoreAllMocks();
});

const card = () => screen.getByRole("region", { name: "Authenticator app" });

describe("the authenticator app on the Security screen", () => {
  it("sets the app up: QR as an image, the key to type, the first code, then the recovery codes once", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = securityServer();
    renderScreen(<SecurityPage />, { link, session, stepUp: true });
    expect((await screen.findByTestId("totp-status")).textContent).toBe("Off");
    fireEvent.click(within(card()).getByRole("button", { name: "Set up" }));

    const qr = (await screen.findByTestId("totp-qr")) as HTMLImageElement;
    // The server's SVG is only ever an image source: no markup of it enters the page.
    expect(qr.tagName).toBe("IMG");
    expect(qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(card().querySelector("svg rect")).toBeNull();
    expect(screen.getByTestId("totp-secret").textContent).toBe("JBSWY3DPEHPK3PXP");

    type(/6-digit code/, "000000");
    fireEvent.click(within(card()).getByRole("button", { name: "Turn on" }));
    expect((await screen.findByTestId("totp-problem")).textContent).toBe("That code is not right.");
    type(/6-digit code/, "123 456");
    fireEvent.click(within(card()).getByRole("button", { name: "Turn on" }));

    const shown = await screen.findAllByTestId("recovery-code");
    expect(shown.map((c) => c.textContent)).toEqual(CODES);
    expect(callsOf("ConfirmTotpEnrollment").map((c) => c.variables)).toEqual([{ code: "000000" }, { code: "123456" }]);
    // The confirmation's token (the code counts as a step-up) replaces the session's.
    expect(session.accessToken).not.toBe("token");
    await waitFor(() => expect(screen.getByTestId("totp-status").textContent).toBe("On"));

    fireEvent.click(screen.getByRole("button", { name: "I have saved them" }));
    expect(screen.queryByTestId("recovery-code")).toBeNull();
    expect(screen.getByTestId("recovery-codes-left").textContent).toBe("10 recovery codes left.");
  });

  it("downloads the recovery codes as a text file", async () => {
    session = sessionAs("MEMBER");
    const { link } = securityServer();
    const created: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => (created.push(blob), "blob:codes"));
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicked: string[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    renderScreen(<SecurityPage />, { link, session });
    fireEvent.click(
      await within(await screen.findByRole("region", { name: "Authenticator app" })).findByRole("button", {
        name: "Set up",
      }),
    );
    await screen.findByTestId("totp-secret");
    type(/6-digit code/, "123456");
    fireEvent.click(await screen.findByRole("button", { name: "Turn on" }));
    fireEvent.click(await screen.findByRole("button", { name: "Download" }));
    expect(clicked).toEqual(["homegraph-recovery-codes.txt"]);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(created[0]!);
    });
    for (const code of CODES) expect(text).toContain(code);
    expect(created[0]!.type).toBe("text/plain;charset=utf-8");
  });

  it("asks the person to confirm it's them before setting up when the server wants a fresh factor", async () => {
    session = sessionAs("MEMBER");
    let steppedUp = false;
    const { link, callsOf } = securityServer(
      {},
      {
        MySecondFactor: () => ({
          mySecondFactor: { __typename: "SecondFactorStatus", totpEnabled: false, passkeys: [] },
        }),
        StepUp: () => {
          steppedUp = true;
          return {
            stepUp: {
              __typename: "StepUpPayload",
              accessToken: "fresh",
              expiresAt: new Date(Date.now() + 900_000).toISOString(),
              stepUpAt: new Date().toISOString(),
            },
          };
        },
        BeginTotpEnrollment: () => {
          if (!steppedUp) throw new GraphQLAnswerError("Confirm it's you first.", "STEP_UP_REQUIRED");
          return {
            beginTotpEnrollment: {
              __typename: "TotpEnrollment",
              secret: "ABC",
              otpauthUri: "otpauth://x",
              qrCodeSvg: "<svg/>",
            },
          };
        },
      },
    );
    renderScreen(<SecurityPage />, { link, session, stepUp: true });
    fireEvent.click(
      await within(await screen.findByRole("region", { name: "Authenticator app" })).findByRole("button", {
        name: "Set up",
      }),
    );
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    fireEvent.change(await within(dialog).findByLabelText("Password", { exact: false, selector: "input" }), {
      target: { value: "my password" },
    });
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    expect((await screen.findByTestId("totp-secret")).textContent).toBe("ABC");
    expect(callsOf("BeginTotpEnrollment")).toHaveLength(2);
    expect(session.accessToken).toBe("fresh");
  });

  it("shows the recovery codes left and turns the app off once confirmed", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = securityServer({ totpEnabled: true, recoveryCodesLeft: 2 });
    renderScreen(<SecurityPage />, { link, session });
    expect((await screen.findByTestId("recovery-codes-left")).textContent).toBe("2 recovery codes left.");
    expect(screen.getByText(/Few recovery codes are left/)).toBeTruthy();
    fireEvent.click(within(card()).getByRole("button", { name: "Turn off" }));
    fireEvent.click(within(card()).getByRole("button", { name: "Keep it" }));
    expect(callsOf("DisableTotp")).toHaveLength(0);
    fireEvent.click(within(card()).getByRole("button", { name: "Turn off" }));
    fireEvent.click(within(card()).getByRole("button", { name: "Yes, turn it off" }));
    await waitFor(() => expect(screen.getByTestId("totp-status").textContent).toBe("Off"));
    expect(callsOf("DisableTotp")).toHaveLength(1);
    expect(within(card()).getByRole("button", { name: "Set up" })).toBeTruthy();
  });
});
