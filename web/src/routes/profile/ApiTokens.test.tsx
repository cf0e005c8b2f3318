/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { choose, type } from "../../test/screen-helpers";
import { renderScreen } from "../../test/render";
import { ApiTokens } from "./ApiTokens";

const SECRET = `hgp_${"s".repeat(43)}`;

/** A server whose token creation wants a fresh factor until the password is given again. */
function server() {
  const now = new Date().toISOString();
  let tokens = [
    {
      id: "t1",
      name: "Backup script",
      createdAt: now,
      expiresAt: null as string | null,
      lastUsedAt: now as string | null,
    },
  ];
  let stepped = false;
  return graphqlDouble({
    MyApiTokens: () => ({ myApiTokens: tokens.map((t) => ({ __typename: "ApiToken", ...t })) }),
    CreateApiToken: (v) => {
      if (!stepped) throw new GraphQLAnswerError("Confirm it's you first.", "STEP_UP_REQUIRED");
      const days = v.expiresInDays as number | null;
      const created = {
        id: "t2",
        name: v.name as string,
        createdAt: now,
        expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null,
        lastUsedAt: null,
      };
      tokens = [created, ...tokens];
      return {
        createApiToken: {
          __typename: "CreatedApiToken",
          token: SECRET,
          apiToken: { __typename: "ApiToken", ...created },
        },
      };
    },
    RevokeApiToken: (v) => {
      tokens = tokens.filter((t) => t.id !== v.id);
      return { revokeApiToken: true };
    },
    MySecondFactor: () => ({ mySecondFactor: { __typename: "SecondFactorStatus", totpEnabled: false, passkeys: [] } }),
    StepUp: (v) => {
      if (v.password !== "right") throw new GraphQLAnswerError("The password is wrong.", "BAD_USER_INPUT", "password");
      stepped = true;
      const at = new Date().toISOString();
      return { stepUp: { __typename: "StepUpPayload", accessToken: "fresh", expiresAt: at, stepUpAt: at } };
    },
  });
}

configure({ asyncUtilTimeout: 10_000 });
let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("API tokens card", () => {
  it("lists tokens without a secret; creating one asks 'Confirm it's you', then shows the secret once", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = server();
    renderScreen(<ApiTokens />, { link, session, stepUp: true });
    const listed = await screen.findByTestId("api-token");
    expect(within(listed).getByText("Backup script")).toBeTruthy();
    expect(within(listed).getByText(/never expires/)).toBeTruthy();

    type(/^Token name/, "Sandbox");
    await choose(/^Expires/, "Never");
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));
    const prompt = await screen.findByRole("dialog", { name: "Confirm it's you" });
    fireEvent.change(within(prompt).getByLabelText(/^Password/), { target: { value: "right" } });
    fireEvent.click(within(prompt).getByRole("button", { name: /confirm/i }));

    const shown = await screen.findByTestId("api-token-secret");
    expect(within(shown).getByText(SECRET)).toBeTruthy();
    expect(within(shown).getByRole("button", { name: "Copy token" })).toBeTruthy();
    expect(callsOf("CreateApiToken").at(-1)!.variables).toEqual({ name: "Sandbox", expiresInDays: null });
    await waitFor(() => expect(screen.getAllByTestId("api-token")).toHaveLength(2));
    // Dismissed, the secret is gone for good: the list never carries it.
    fireEvent.click(within(shown).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByText(SECRET)).toBeNull());
  });

  it("sends the expiry chosen in days, and refuses an empty name before asking the server", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = server();
    renderScreen(<ApiTokens />, { link, session, stepUp: true });
    await screen.findByTestId("api-token");
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect(await screen.findByText(/Give the token a name/)).toBeTruthy();
    expect(callsOf("CreateApiToken")).toHaveLength(0);
    type(/^Token name/, "Nightly");
    await choose(/^Expires/, "30 days");
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));
    await waitFor(() => expect(callsOf("CreateApiToken")).toHaveLength(1));
    expect(callsOf("CreateApiToken")[0]!.variables).toEqual({ name: "Nightly", expiresInDays: 30 });
  });

  it("revokes only after the question is answered", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = server();
    renderScreen(<ApiTokens />, { link, session });
    await screen.findByTestId("api-token");
    fireEvent.click(screen.getByRole("button", { name: "Revoke Backup script" }));
    const ask = await screen.findByRole("dialog", { name: "Revoke this API token?" });
    fireEvent.click(within(ask).getByRole("button", { name: "Keep it" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(callsOf("RevokeApiToken")).toHaveLength(0);

    fireEvent.click(screen.getByRole("button", { name: "Revoke Backup script" }));
    const again = await screen.findByRole("dialog", { name: "Revoke this API token?" });
    fireEvent.click(within(again).getByRole("button", { name: "Revoke token" }));
    await waitFor(() =>
      expect(callsOf("RevokeApiToken")).toEqual([expect.objectContaining({ variables: { id: "t1" } })]),
    );
    await waitFor(() => expect(screen.queryByTestId("api-token")).toBeNull());
    expect(await screen.findByText("No API tokens yet.")).toBeTruthy();
  });
});
