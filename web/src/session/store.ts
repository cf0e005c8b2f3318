import { serverReachability } from "../lib/reachability";
import {
  ApiError,
  authApi,
  secondFactorChallenge,
  type PasskeyOptions,
  type SecondFactorChallenge,
  type SecondFactorProof,
  type SessionPayload,
  type SessionUser,
} from "./auth-api";

// The session lives in memory only (never localStorage): a reload restores it through the
// HttpOnly refresh cookie. Plain module state, so the Apollo links can read it outside React.

export type SessionStatus = "restoring" | "signedIn" | "signedOut";

export interface SessionState {
  status: SessionStatus;
  user?: SessionUser;
  /** Why the person was signed out, shown on the sign-in screen. */
  message?: string;
  /**
   * The household asks this person for a second factor and the grace is over: the server answers
   * SECOND_FACTOR_ENROLMENT_REQUIRED to everything but enrolment (the token's `enrol` claim, or an
   * answer with that code).
   */
  enrolmentOnly?: boolean;
  /** A guest's pass is over (a refresh answered PASS_ENDED): the app says so instead of asking for a sign-in. */
  passEnded?: boolean;
}

/** What a password sign-in led to: a session, or the second factor step. */
export type SignInStep = { user: SessionUser } | { secondFactor: SecondFactorChallenge };

/** Runs the browser's passkey ceremony for the server's options; resolves with its response. */
export type PasskeyCeremony = (options: PasskeyOptions["options"]) => Promise<unknown>;

/** The claims of an access token the app reads (for the screen, never for a decision the server makes). */
export function tokenClaims(token: string): Record<string, unknown> {
  try {
    const part = token.split(".")[1] ?? "";
    const json = atob(
      part
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(part.length / 4) * 4, "="),
    );
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === "object" ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const SESSION_ENDED = "Your session has ended. Please sign in again.";
export const PASS_ENDED = "This guest pass has ended.";

/** Renew a minute (or a quarter of a short lifetime) before the token runs out. */
const RENEW_AHEAD_MS = 60_000;

type Listener = () => void;

export interface SessionStoreOptions {
  /** The REST calls (tests give their own; missing ones are the real ones). */
  api?: Partial<typeof authApi>;
  now?: () => number;
}

export class SessionStore {
  private state: SessionState = { status: "restoring" };
  private token?: string;
  private expiresAt = 0;
  private listeners = new Set<Listener>();
  private refreshing?: Promise<string | undefined>;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly api: typeof authApi;
  private readonly now: () => number;
  /** Called after a refresh succeeds, so a socket opened with the old token can reconnect. */
  onRenewed?: () => void;

  constructor(options: SessionStoreOptions = {}) {
    this.api = { ...authApi, ...options.api };
    this.now = options.now ?? Date.now;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionState => this.state;

  get accessToken(): string | undefined {
    return this.token;
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  /** Takes a fresh payload from login, refresh or an accepted invite. */
  accept(payload: SessionPayload): void {
    serverReachability.set(true);
    this.token = payload.accessToken;
    this.expiresAt = Date.parse(payload.expiresAt) || this.now() + 5 * 60_000;
    this.schedule(this.expiresAt - this.now());
    const enrolmentOnly = tokenClaims(payload.accessToken).enrol === true;
    const same =
      this.state.status === "signedIn" &&
      JSON.stringify(this.state.user) === JSON.stringify(payload.user) &&
      !!this.state.enrolmentOnly === enrolmentOnly;
    if (!same) this.set({ status: "signedIn", user: payload.user, ...(enrolmentOnly ? { enrolmentOnly } : {}) });
  }

  /** The server answered SECOND_FACTOR_ENROLMENT_REQUIRED: only enrolment is open to this session. */
  enrolmentRequired(): void {
    if (this.state.status === "signedIn" && !this.state.enrolmentOnly) this.set({ ...this.state, enrolmentOnly: true });
  }

  /**
   * Takes the fresh token a stepUp answers (same person, newer proof), as a refresh does: later
   * requests and a reconnected socket carry it.
   */
  acceptToken(token: { accessToken: string; expiresAt: string }): void {
    const user = this.state.user;
    if (!user) return;
    this.accept({ ...token, user });
    this.onRenewed?.();
  }

  private schedule(lifetimeMs: number): void {
    clearTimeout(this.timer);
    const delay = Math.max(5_000, lifetimeMs - Math.min(RENEW_AHEAD_MS, lifetimeMs / 4));
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), delay);
  }

  /** The password step; with a second factor set up, answers its challenge instead of a session. */
  async signIn(email: string, password: string): Promise<SignInStep> {
    try {
      const payload = await this.api.login(email, password);
      this.accept(payload);
      return { user: payload.user };
    } catch (err) {
      const challenge = secondFactorChallenge(err);
      if (challenge) return { secondFactor: challenge };
      throw err;
    }
  }

  /** The second factor step: the app's code or a recovery code answers the password step's challenge. */
  async completeSignIn(challenge: string, proof: SecondFactorProof): Promise<SessionUser> {
    const payload = await this.api.loginSecondFactor(challenge, proof);
    this.accept(payload);
    return payload.user;
  }

  /** A passkey sign-in: the server's options, the browser's ceremony, the server's session. */
  async signInWithPasskey(ceremony: PasskeyCeremony): Promise<SessionUser> {
    const { challengeId, options } = await this.api.passkeyOptions();
    const response = await ceremony(options);
    const payload = await this.api.passkeyLogin(challengeId, response);
    this.accept(payload);
    return payload.user;
  }

  /** A guest pass's link exchanged for a session of its guest. */
  async redeemPass(token: string): Promise<SessionUser> {
    const payload = await this.api.redeemPass(token);
    this.accept(payload);
    return payload.user;
  }

  /** On page load: the cookie, if any, gives a session back; otherwise the sign-in screen. */
  async restore(): Promise<void> {
    try {
      await this.refresh({ quiet: true });
    } catch (err) {
      // No answer at all (offline, the server down): the screens say so, not just "sign in".
      // (auth-api turns a fetch that got no answer into UNAVAILABLE with status 0.)
      if (err instanceof ApiError ? err.status === 0 : err instanceof TypeError) serverReachability.set(false);
      if (this.state.status === "restoring") this.set({ status: "signedOut" });
    }
  }

  /**
   * One refresh at a time, shared by every caller (many requests may fail with 401 together).
   * Resolves with the new token; a refused refresh signs the person out with `SESSION_ENDED`.
   */
  refresh(options: { quiet?: boolean } = {}): Promise<string | undefined> {
    this.refreshing ??= (async () => {
      try {
        const payload = await this.api.refresh();
        this.accept(payload);
        this.onRenewed?.();
        return payload.accessToken;
      } catch (err) {
        // A guest's session ends only with the pass: just past its end the refresh says "expired"
        // (401) until auth has closed the pass (410), and either way the pass is what ended.
        const guest = this.state.status === "signedIn" && this.state.user?.role === "GUEST";
        const refused = err instanceof ApiError && (err.status === 401 || err.code === "UNAUTHENTICATED");
        if (err instanceof ApiError && (err.code === "PASS_ENDED" || (guest && refused))) {
          this.clear(PASS_ENDED, { passEnded: true });
        } else if (refused) {
          this.clear(options.quiet || this.state.status !== "signedIn" ? undefined : SESSION_ENDED);
        }
        throw err;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    const token = this.token;
    this.clear();
    if (token) await this.api.logout(token).catch(() => undefined);
  }

  /** Forgets the session locally; `message` tells the person why. */
  clear(message?: string, extra: Pick<SessionState, "passEnded"> = {}): void {
    clearTimeout(this.timer);
    this.token = undefined;
    this.expiresAt = 0;
    this.set({ status: "signedOut", message, ...extra });
  }
}

export const sessionStore = new SessionStore();
