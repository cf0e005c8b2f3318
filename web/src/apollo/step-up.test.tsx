/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { gql } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { MantineProvider } from "@mantine/core";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { authApi } from "../session/auth-api";
import { SessionProvider } from "../session/SessionContext";
import { SessionStore } from "../session/store";
import { theme } from "../theme";
import { createHomegraphClient } from "./client";
import { StepUpGate, stepUpRequired } from "./step-up";
import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { StepUpPrompt } from "./StepUpPrompt";

// The browser's passkey ceremony (navigator.credentials) is not in jsdom; the Chromium acceptance
// test (test/web/passkey.e2e.test.ts) runs the real one. Here: what the prompt does around it.
const startAuthentication = jest.fn();
jest.mock("@simplewebauthn/browser", () => ({ startAuthentication: (...a: unknown[]) => startAuthentication(...a) }));

const UNLOCK = gql`
  mutation UnlockFrontDoor {
    sendDeviceCommand(deviceId: "7", command: "unlock") {
      id
    }
  }
`;
const user = { id: "1", email: "a@example.com", displayName: "A", role: "ADMIN" as const };
const later = () => new Date(Date.now() + 900_000).toISOString();
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const refused = (message: string, code: string, status = 200) =>
  json({ data: null, errors: [{ message, extensions: { code } }] }, status);

interface Request {
  operationName: string;
  variables: Record<string, unknown>;
  authorization?: string;
}

/**
 * A gateway double: the unlock needs a factor proven after sign-in (the "fresh" token); the
 * password is "right", the app's code "123456", the recovery code "abcd-efgh".
 */
function gateway(totpEnabled: boolean, stepUpStatus = 200, passkeys: string[] = []) {
  const seen: Request[] = [];
  const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; variables?: Record<string, unknown> };
    const authorization = new Headers(init?.headers).get("authorization") ?? undefined;
    seen.push({ operationName: body.operationName, variables: body.variables ?? {}, authorization });
    const v = body.variables ?? {};
    switch (body.operationName) {
      case "UnlockFrontDoor":
        return authorization === "Bearer fresh"
          ? json({ data: { sendDeviceCommand: { __typename: "Device", id: "7" } } })
          : refused("Confirm your second factor first.", "STEP_UP_REQUIRED", stepUpStatus);
      case "MySecondFactor":
        return json({
          data: {
            mySecondFactor: {
              __typename: "SecondFactorStatus",
              totpEnabled,
              passkeys: passkeys.map((id) => ({ __typename: "Passkey", id })),
            },
          },
        });
      case "BeginPasskeyStepUp":
        return json({
          data: {
            beginPasskeyStepUp: {
              __typename: "PasskeyCeremony",
              challengeId: `challenge-${seen.length}`,
              optionsJSON: JSON.stringify({ challenge: "abc", allowCredentials: passkeys.map((id) => ({ id })) }),
            },
          },
        });
      case "FinishPasskeyStepUp": {
        const answer = JSON.parse(String(v.response)) as { id?: string };
        if (!passkeys.includes(answer.id ?? ""))
          return refused("That passkey is not one of yours.", "PASSKEY_NOT_RECOGNISED");
        return json({
          data: {
            finishPasskeyStepUp: {
              __typename: "StepUpPayload",
              accessToken: "fresh",
              expiresAt: later(),
              stepUpAt: new Date().toISOString(),
            },
          },
        });
      }
      case "StepUp": {
        const ok = totpEnabled ? v.code === "123456" || v.recoveryCode === "abcd-efgh" : v.password === "right";
        if (!ok)
          return refused(totpEnabled ? "That code is not right." : "That password is not right.", "BAD_USER_INPUT");
        return json({
          data: {
            stepUp: {
              __typename: "StepUpPayload",
              accessToken: "fresh",
              expiresAt: later(),
              stepUpAt: new Date().toISOString(),
            },
          },
        });
      }
    }
    throw new Error(`unexpected ${body.operationName}`);
  }) as typeof globalThis.fetch;
  return { fetch, seen, of: (name: string) => seen.filter((r) => r.operationName === name) };
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  startAuthentication.mockReset();
  delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
});

function app(totpEnabled = false, stepUpStatus = 200, passkeys: string[] = []) {
  const api: Partial<typeof authApi> = {
    login: async () => ({ accessToken: "", expiresAt: later(), user }),
    refresh: async () => ({ accessToken: "old", expiresAt: later(), user }),
    logout: async () => undefined,
  };
  const session = new SessionStore({ api });
  session.accept({ accessToken: "old", expiresAt: later(), user });
  const server = gateway(totpEnabled, stepUpStatus, passkeys);
  const gate = new StepUpGate();
  const { client, socket } = createHomegraphClient({
    session,
    httpUrl: "http://gateway.test/graphql",
    wsUrl: "ws://gateway.test/graphql",
    fetch: server.fetch,
    stepUp: gate,
  });
  render(
    <MantineProvider theme={theme}>
      <SessionProvider store={session}>
        <ApolloProvider client={client}>
          <StepUpPrompt gate={gate} />
        </ApolloProvider>
      </SessionProvider>
    </MantineProvider>,
  );
  cleanup = () => {
    void socket.dispose();
    session.clear();
  };
  return { client, session, server };
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label, { exact: false, selector: "input" }), { target: { value } });
}

describe("confirming it's you when a change needs a fresh factor", () => {
  it("asks for the password, steps up, and retries the change once with the new token", async () => {
    const { client, session, server } = app();
    const unlocked = client.mutate({ mutation: UNLOCK });
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });

    type("Password", "wrong");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    expect((await within(dialog).findByTestId("step-up-problem")).textContent).toBe("That password is not right.");
    expect(screen.getByRole("dialog", { name: "Confirm it's you" })).toBeTruthy();
    expect(server.of("UnlockFrontDoor")).toHaveLength(1);

    type("Password", "right");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const result = await unlocked;
    expect(result.data).toEqual({ sendDeviceCommand: { __typename: "Device", id: "7" } });
    expect(server.of("StepUp").map((r) => r.variables)).toEqual([{ password: "wrong" }, { password: "right" }]);
    expect(server.of("UnlockFrontDoor").map((r) => r.authorization)).toEqual(["Bearer old", "Bearer fresh"]);
    expect(session.accessToken).toBe("fresh");
  });

  it("fails the change with the server's answer when the person cancels", async () => {
    const { client, server } = app();
    const refused = expect(client.mutate({ mutation: UNLOCK })).rejects.toThrow("Confirm your second factor first.");
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await refused;
    expect(server.of("UnlockFrontDoor")).toHaveLength(1);
    expect(server.of("StepUp")).toHaveLength(0);
  });

  it("asks a person with an authenticator app for its code, or a recovery code instead", async () => {
    const { client, server } = app(true);
    const unlocked = client.mutate({ mutation: UNLOCK });
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Authenticator code", { exact: false, selector: "input" });
    expect(within(dialog).queryByLabelText("Password", { exact: false, selector: "input" })).toBeNull();

    type("Authenticator code", "000000");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    expect((await within(dialog).findByTestId("step-up-problem")).textContent).toBe("That code is not right.");

    fireEvent.click(within(dialog).getByRole("button", { name: "Use a recovery code instead" }));
    type("Recovery code", "abcd-efgh");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await expect(unlocked).resolves.toMatchObject({ data: { sendDeviceCommand: { id: "7" } } });
    expect(server.of("StepUp").map((r) => r.variables)).toEqual([{ code: "000000" }, { recoveryCode: "abcd-efgh" }]);
  });

  it("shares one prompt between changes refused together and retries each once", async () => {
    const { client, server } = app();
    const both = Promise.all([client.mutate({ mutation: UNLOCK }), client.mutate({ mutation: UNLOCK })]);
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });
    expect(screen.getAllByRole("dialog")).toHaveLength(1);
    type("Password", "right");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await both;
    expect(server.of("StepUp")).toHaveLength(1);
    expect(server.of("UnlockFrontDoor").map((r) => r.authorization)).toEqual([
      "Bearer old",
      "Bearer old",
      "Bearer fresh",
      "Bearer fresh",
    ]);
  });

  it("recognises the refusal when it comes as HTTP 403", async () => {
    const { client, server } = app(false, 403);
    const unlocked = client.mutate({ mutation: UNLOCK });
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });
    type("Password", "right");
    await waitFor(() =>
      expect(within(dialog).getByRole("button", { name: "Confirm" })).toHaveProperty("disabled", false),
    );
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await expect(unlocked).resolves.toMatchObject({ data: { sendDeviceCommand: { id: "7" } } });
    expect(server.of("UnlockFrontDoor").map((r) => r.authorization)).toEqual(["Bearer old", "Bearer fresh"]);
  });

  it("confirms with a passkey when the person has one, then retries the change with the new token", async () => {
    (window as { PublicKeyCredential?: unknown }).PublicKeyCredential = function PublicKeyCredential() {};
    const { client, session, server } = app(true, 200, ["key-1"]);
    startAuthentication
      .mockRejectedValueOnce(
        Object.assign(new Error("The operation either timed out or was not allowed."), {
          name: "NotAllowedError",
        }),
      )
      .mockResolvedValueOnce({ id: "key-1", type: "public-key", response: { signature: "sig" } });
    const unlocked = client.mutate({ mutation: UNLOCK });
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    fireEvent.click(await within(dialog).findByRole("button", { name: "Use passkey" }));
    expect((await within(dialog).findByTestId("step-up-problem")).textContent).toBe(
      "The passkey was not used: it was cancelled or took too long.",
    );
    expect(startAuthentication).toHaveBeenCalledWith({
      optionsJSON: { challenge: "abc", allowCredentials: [{ id: "key-1" }] },
    });

    fireEvent.click(within(dialog).getByRole("button", { name: "Use passkey" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await expect(unlocked).resolves.toMatchObject({ data: { sendDeviceCommand: { id: "7" } } });
    const finished = server.of("FinishPasskeyStepUp");
    expect(finished).toHaveLength(1);
    expect(JSON.parse(String(finished[0]!.variables.response))).toEqual({
      id: "key-1",
      type: "public-key",
      response: { signature: "sig" },
    });
    // A fresh, single-use challenge for each try.
    expect(server.of("BeginPasskeyStepUp")).toHaveLength(2);
    expect(finished[0]!.variables.challengeId).toMatch(/^challenge-\d+$/);
    expect(server.of("StepUp")).toHaveLength(0);
    expect(server.of("UnlockFrontDoor").map((r) => r.authorization)).toEqual(["Bearer old", "Bearer fresh"]);
    expect(session.accessToken).toBe("fresh");
  });

  it("shows the server's refusal of a passkey and lets the person use their app's code instead", async () => {
    (window as { PublicKeyCredential?: unknown }).PublicKeyCredential = function PublicKeyCredential() {};
    const { client, server } = app(true, 200, ["key-1"]);
    startAuthentication.mockResolvedValue({ id: "someone-elses", type: "public-key", response: {} });
    const unlocked = client.mutate({ mutation: UNLOCK });
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    fireEvent.click(await within(dialog).findByRole("button", { name: "Use passkey" }));
    expect((await within(dialog).findByTestId("step-up-problem")).textContent).toBe(
      "That passkey is not one of yours.",
    );
    fireEvent.click(within(dialog).getByRole("button", { name: "Use your authenticator app instead" }));
    expect(within(dialog).queryByTestId("step-up-problem")).toBeNull();
    type("Authenticator code", "123456");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await expect(unlocked).resolves.toMatchObject({ data: { sendDeviceCommand: { id: "7" } } });
    expect(server.of("StepUp").map((r) => r.variables)).toEqual([{ code: "123456" }]);
  });

  it("does not offer a passkey where the browser has no WebAuthn", async () => {
    const { client } = app(false, 200, ["key-1"]);
    const unlocked = client.mutate({ mutation: UNLOCK });
    const dialog = await screen.findByRole("dialog", { name: "Confirm it's you" });
    await within(dialog).findByLabelText("Password", { exact: false, selector: "input" });
    expect(within(dialog).queryByRole("button", { name: "Use passkey" })).toBeNull();
    expect(within(dialog).queryByRole("button", { name: "Use a passkey instead" })).toBeNull();
    type("Password", "right");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await expect(unlocked).resolves.toMatchObject({ data: { sendDeviceCommand: { id: "7" } } });
  });
});

describe("a guest asked to confirm", () => {
  it("gets no password prompt: the refusal names the pass link and goes to the screen as it is", () => {
    const guest = new CombinedGraphQLErrors({
      data: null,
      errors: [
        {
          message: "Confirm it's you to continue: open your guest pass link again, then try once more.",
          extensions: { code: "STEP_UP_REQUIRED", maxAgeSeconds: 300, stepUpBy: "PASS_LINK" },
        },
      ],
    });
    expect(stepUpRequired(guest)).toBe(false);
    const member = new CombinedGraphQLErrors({
      data: null,
      errors: [{ message: "Confirm it's you", extensions: { code: "STEP_UP_REQUIRED", maxAgeSeconds: 300 } }],
    });
    expect(stepUpRequired(member)).toBe(true);
  });
});
