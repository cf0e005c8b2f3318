import { ApiError, type authApi, type SessionPayload } from "./auth-api";
import { PASS_ENDED, SESSION_ENDED, SessionStore } from "./store";

const user = { id: "1", email: "test@example.com", displayName: "Test", role: "MEMBER" as const };
const payload = (token: string, ttlMs = 900_000): SessionPayload => ({
  accessToken: token,
  expiresAt: new Date(Date.now() + ttlMs).toISOString(),
  user,
});

function fakeApi(refresh: () => Promise<SessionPayload>) {
  const calls = { refresh: 0, logout: [] as string[] };
  const api: Pick<typeof authApi, "login" | "refresh" | "logout"> = {
    login: async () => payload("from-login"),
    refresh: async () => {
      calls.refresh++;
      return refresh();
    },
    logout: async (token) => {
      calls.logout.push(token);
    },
  };
  return { api, calls };
}

describe("SessionStore", () => {
  afterEach(() => jest.useRealTimers());

  it("restores a session from the cookie on load, or ends up signed out without a message", async () => {
    const ok = new SessionStore({ api: fakeApi(async () => payload("restored")).api });
    expect(ok.getSnapshot().status).toBe("restoring");
    await ok.restore();
    expect(ok.getSnapshot()).toEqual({ status: "signedIn", user });
    expect(ok.accessToken).toBe("restored");
    ok.clear();

    const none = new SessionStore({
      api: fakeApi(async () => {
        throw new ApiError("UNAUTHENTICATED", "Your session has ended. Sign in again.", 401);
      }).api,
    });
    await none.restore();
    expect(none.getSnapshot()).toEqual({ status: "signedOut", message: undefined });
    expect(none.accessToken).toBeUndefined();
  });

  it("shares one refresh among every caller that needs it at once", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { api, calls } = fakeApi(async () => {
      await gate;
      return payload(`renewed-${calls.refresh}`);
    });
    const store = new SessionStore({ api });
    store.accept(payload("old"));
    const all = Promise.all([store.refresh(), store.refresh(), store.refresh()]);
    release();
    expect(await all).toEqual(["renewed-1", "renewed-1", "renewed-1"]);
    expect(calls.refresh).toBe(1);
    expect(store.accessToken).toBe("renewed-1");
    store.clear();
  });

  it("signs a person out with a message when the server refuses the refresh", async () => {
    const store = new SessionStore({
      api: fakeApi(async () => {
        throw new ApiError("UNAUTHENTICATED", "Your session has ended. Sign in again.", 401);
      }).api,
    });
    store.accept(payload("revoked"));
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().status));
    await expect(store.refresh()).rejects.toBeInstanceOf(ApiError);
    expect(store.getSnapshot()).toEqual({ status: "signedOut", message: SESSION_ENDED });
    expect(store.accessToken).toBeUndefined();
    expect(seen).toEqual(["signedOut"]);
  });

  it("keeps the session through a failure that is not the session's (the server unreachable)", async () => {
    const store = new SessionStore({
      api: fakeApi(async () => {
        throw new ApiError("UNAVAILABLE", "unreachable", 0);
      }).api,
    });
    store.accept(payload("still-good"));
    await expect(store.refresh()).rejects.toBeInstanceOf(ApiError);
    expect(store.getSnapshot().status).toBe("signedIn");
    expect(store.accessToken).toBe("still-good");
    store.clear();
  });

  it("renews ahead of expiry: a minute early, or a quarter of a short lifetime", async () => {
    jest.useFakeTimers();
    const { api, calls } = fakeApi(async () => payload("next", 900_000));
    const store = new SessionStore({ api });
    store.accept(payload("first", 40_000));
    jest.advanceTimersByTime(29_000);
    expect(calls.refresh).toBe(0);
    jest.advanceTimersByTime(1_500);
    expect(calls.refresh).toBe(1);
    await Promise.resolve();
    store.clear();
  });

  it("signs out on this device even when the server cannot be told", async () => {
    const { api, calls } = fakeApi(async () => payload("x"));
    api.logout = async (token) => {
      calls.logout.push(token);
      throw new ApiError("UNAVAILABLE", "down", 0);
    };
    const store = new SessionStore({ api });
    store.accept(payload("mine"));
    await store.signOut();
    expect(calls.logout).toEqual(["mine"]);
    expect(store.getSnapshot()).toEqual({ status: "signedOut", message: undefined });
  });
  it("a guest's refused refresh is the pass's end, not a sign-in: PASS_ENDED, or 'expired' just past its end", async () => {
    const guest = { id: "9", email: null, displayName: "Sam", role: "GUEST" as const };
    for (const refused of [
      new ApiError("PASS_ENDED", "This guest pass has ended.", 410),
      new ApiError("UNAUTHENTICATED", "This session has expired. Sign in again.", 401),
    ]) {
      const store = new SessionStore({
        api: fakeApi(async () => {
          throw refused;
        }).api,
      });
      store.accept({ ...payload("guest"), user: guest });
      await expect(store.refresh()).rejects.toBe(refused);
      expect(store.getSnapshot()).toEqual({ status: "signedOut", message: PASS_ENDED, passEnded: true });
    }
    // A reload after the end says so too.
    const reloaded = new SessionStore({
      api: fakeApi(async () => {
        throw new ApiError("PASS_ENDED", "This guest pass has ended.", 410);
      }).api,
    });
    await reloaded.restore();
    expect(reloaded.getSnapshot()).toMatchObject({ status: "signedOut", passEnded: true });
  });
});
