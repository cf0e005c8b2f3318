// The gateway's REST session endpoints (see docs/identity.md): the refresh token lives only in the
// HttpOnly cookie, so the browser never sees it; the access token comes back in the body.

export interface SessionUser {
  id: string;
  /** Null for a guest (a pass's placeholder address is never shown). */
  email: string | null;
  displayName: string;
  role: "ADMIN" | "MEMBER" | "GUEST";
}

export interface SessionPayload {
  accessToken: string;
  expiresAt: string;
  user: SessionUser;
}

/** `/auth/login`'s 401 SECOND_FACTOR_REQUIRED: what finishes the sign-in at /auth/login/second-factor. */
export interface SecondFactorChallenge {
  challenge: string;
  challengeExpiresAt?: string;
  /** "TOTP", "RECOVERY_CODE" */
  methods: string[];
}

/** One of the person's second factors, for /auth/login/second-factor. */
export type SecondFactorProof = { code: string } | { recoveryCode: string };

/** A passkey ceremony's start (see PASSKEY-CONTRACT): `options` for @simplewebauthn/browser. */
export interface PasskeyOptions {
  challengeId: string;
  options: Record<string, unknown>;
}

/** An error the gateway answered with: `{ error: { code, message, field?, retryAfterSeconds?, ... } }`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
    /** The rest of the error's body (a second factor's `challenge`, `challengeExpiresAt`, `methods`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const NETWORK = "Homegraph cannot be reached right now. Check your connection and try again.";

async function post<T>(path: string, body: unknown, accessToken?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "content-type": "application/json",
        // Keeps the refresh token out of the body: the cookie is the only copy the browser holds.
        "x-homegraph-client": "browser",
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError("UNAVAILABLE", NETWORK, 0);
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => undefined)) as
    | {
        error?: { code?: string; message?: string; field?: string; retryAfterSeconds?: number } & Record<
          string,
          unknown
        >;
      }
    | undefined;
  if (!res.ok) {
    const { code, message, field, retryAfterSeconds, ...details } = json?.error ?? {};
    const retry = retryAfterSeconds ?? (Number(res.headers.get("retry-after")) || undefined);
    throw new ApiError(
      code ?? (res.status === 401 ? "UNAUTHENTICATED" : "UNAVAILABLE"),
      message ?? NETWORK,
      res.status,
      field,
      retry,
      details,
    );
  }
  return json as T;
}

/** The challenge in a SECOND_FACTOR_REQUIRED refusal, if `error` is one. */
export function secondFactorChallenge(error: unknown): SecondFactorChallenge | undefined {
  if (!(error instanceof ApiError) || error.code !== "SECOND_FACTOR_REQUIRED") return undefined;
  const { challenge, challengeExpiresAt, methods } = error.details;
  if (typeof challenge !== "string") return undefined;
  return {
    challenge,
    challengeExpiresAt: typeof challengeExpiresAt === "string" ? challengeExpiresAt : undefined,
    methods: Array.isArray(methods) ? methods.map(String) : ["TOTP", "RECOVERY_CODE"],
  };
}

export const authApi = {
  login: (email: string, password: string) => post<SessionPayload>("/auth/login", { email, password }),
  /** Finishes a sign-in that answered SECOND_FACTOR_REQUIRED. */
  loginSecondFactor: (challenge: string, proof: SecondFactorProof) =>
    post<SessionPayload>("/auth/login/second-factor", { challenge, ...proof }),
  passkeyOptions: () => post<PasskeyOptions>("/auth/passkey/options", {}),
  /** `response`: what @simplewebauthn/browser's startAuthentication resolved to. */
  passkeyLogin: (challengeId: string, response: unknown) =>
    post<SessionPayload>("/auth/passkey/login", { challengeId, response }),
  refresh: () => post<SessionPayload>("/auth/refresh", {}),
  /** A guest pass's link: its secret for a session of the pass's guest (403 PASS_NOT_YET, 410 PASS_ENDED). */
  redeemPass: (token: string) => post<SessionPayload>("/auth/pass/redeem", { token }),
  logout: (accessToken: string) => post<void>("/auth/logout", {}, accessToken),
};
