// The gateway's REST session endpoints (see docs/identity.md): the refresh token lives only in the
// HttpOnly cookie, so the browser never sees it; the access token comes back in the body.

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: "ADMIN" | "MEMBER";
}

export interface SessionPayload {
  accessToken: string;
  expiresAt: string;
  user: SessionUser;
}

/** An error the gateway answered with: `{ error: { code, message, field?, retryAfterSeconds? } }`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
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
    { error?: { code?: string; message?: string; field?: string; retryAfterSeconds?: number } } | undefined;
  if (!res.ok) {
    const error = json?.error;
    const retry = error?.retryAfterSeconds ?? (Number(res.headers.get("retry-after")) || undefined);
    throw new ApiError(
      error?.code ?? (res.status === 401 ? "UNAUTHENTICATED" : "UNAVAILABLE"),
      error?.message ?? NETWORK,
      res.status,
      error?.field,
      retry,
    );
  }
  return json as T;
}

export const authApi = {
  login: (email: string, password: string) => post<SessionPayload>("/auth/login", { email, password }),
  refresh: () => post<SessionPayload>("/auth/refresh", {}),
  logout: (accessToken: string) => post<void>("/auth/logout", {}, accessToken),
};
