import { GraphQLAnswerError, graphqlDouble, type Handler } from "../../test/graphql-double";

// The Security screen's gateway double: a person's second factors that change as the screen asks.

export interface FixturePasskey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

/** An access token the session store can read `exp` from (signature irrelevant to the web app). */
export function fakeJwt(expSeconds: number): string {
  const part = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${part({ alg: "ES256" })}.${part({ sub: "1", exp: expSeconds })}.sig`;
}

export const CODES = Array.from({ length: 10 }, (_, i) => `code-${String(i).padStart(4, "0")}`);

export function securityServer(
  start: { totpEnabled?: boolean; recoveryCodesLeft?: number; passkeys?: FixturePasskey[]; required?: boolean } = {},
  overrides: Record<string, Handler> = {},
) {
  const state = {
    totpEnabled: start.totpEnabled ?? false,
    recoveryCodesLeft: start.recoveryCodesLeft ?? 0,
    passkeys: (start.passkeys ?? []).map((p) => ({ ...p })),
    required: start.required ?? false,
  };
  const passkey = (p: FixturePasskey) => ({ __typename: "Passkey", ...p });
  const double = graphqlDouble({
    SecurityStatus: () => ({
      mySecondFactor: {
        __typename: "SecondFactorStatus",
        totpEnabled: state.totpEnabled,
        recoveryCodesLeft: state.recoveryCodesLeft,
        required: state.required,
        enrolBy: null,
        passkeys: state.passkeys.map(passkey),
      },
    }),
    MySessions: () => ({ mySessions: [] }),
    BeginTotpEnrollment: () => ({
      beginTotpEnrollment: {
        __typename: "TotpEnrollment",
        secret: "JBSWY3DPEHPK3PXP",
        otpauthUri: "otpauth://totp/Homegraph:ann?secret=JBSWY3DPEHPK3PXP",
        qrCodeSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
      },
    }),
    ConfirmTotpEnrollment: (v) => {
      if (v.code !== "123456") throw new GraphQLAnswerError("That code is not right.", "BAD_USER_INPUT", "code");
      state.totpEnabled = true;
      state.recoveryCodesLeft = 10;
      return {
        confirmTotpEnrollment: {
          __typename: "TotpConfirmation",
          enabled: true,
          accessToken: fakeJwt(Math.floor(Date.now() / 1000) + 900),
          recoveryCodes: CODES,
        },
      };
    },
    DisableTotp: () => {
      state.totpEnabled = false;
      state.recoveryCodesLeft = 0;
      return { disableTotp: true };
    },
    BeginPasskeyRegistration: () => ({
      beginPasskeyRegistration: {
        __typename: "PasskeyCeremony",
        challengeId: "reg-1",
        optionsJSON: JSON.stringify({ challenge: "xyz", rp: { id: "localhost" } }),
        expiresAt: new Date(Date.now() + 300_000).toISOString(),
      },
    }),
    FinishPasskeyRegistration: (v) => {
      const created = {
        id: `pk-${state.passkeys.length + 1}`,
        name: v.name ?? "Passkey",
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
        backedUp: true,
      };
      state.passkeys.push(created);
      return { finishPasskeyRegistration: passkey(created) };
    },
    RenamePasskey: (v) => {
      const found = state.passkeys.find((p) => p.id === v.id)!;
      found.name = v.name;
      return { renamePasskey: { __typename: "Passkey", id: found.id, name: found.name } };
    },
    RemovePasskey: (v) => {
      state.passkeys = state.passkeys.filter((p) => p.id !== v.id);
      return { removePasskey: true };
    },
    ...overrides,
  });
  return { ...double, state };
}
