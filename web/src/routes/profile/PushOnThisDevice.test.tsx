/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { notificationsHousehold } from "../../notifications/notifications.fixture";
import { applicationServerKey } from "../../notifications/push";
import { graphqlDouble, sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import { PushOnThisDevice } from "./PushOnThisDevice";

configure({ asyncUtilTimeout: 10_000 });

// jsdom has no Push API: each test gives the page the browser it needs, a stand-in for Chromium's
// service worker registration and PushManager, and takes it away after.
const ENDPOINT = "https://push.example/send/abc";
function browserWithPush(permissionAnswer: NotificationPermission = "granted", permission = "default") {
  const state = {
    subscribed: null as null | { endpoint: string; unsubscribe: jest.Mock; toJSON: () => unknown },
    options: undefined as PushSubscriptionOptionsInit | undefined,
  };
  const pushManager = {
    getSubscription: async () => state.subscribed,
    subscribe: async (options: PushSubscriptionOptionsInit) => {
      state.options = options;
      state.subscribed = {
        endpoint: ENDPOINT,
        unsubscribe: jest.fn(async () => {
          state.subscribed = null;
          return true;
        }),
        toJSON: () => ({ endpoint: ENDPOINT, keys: { p256dh: "p256dh-key", auth: "auth-secret" } }),
      };
      return state.subscribed;
    },
  };
  Object.defineProperty(window, "PushManager", { value: class {}, configurable: true });
  Object.defineProperty(navigator, "serviceWorker", {
    value: { getRegistration: async () => ({ pushManager }) },
    configurable: true,
  });
  Object.defineProperty(window, "Notification", {
    value: { permission, requestPermission: jest.fn(async () => permissionAnswer) },
    configurable: true,
  });
  return state;
}

let session: ReturnType<typeof sessionAs>;
afterEach(() => {
  act(() => session.clear());
  for (const name of ["PushManager", "Notification"]) delete (window as unknown as Record<string, unknown>)[name];
  delete (navigator as unknown as Record<string, unknown>).serviceWorker;
  localStorage.clear();
});

function open() {
  session = sessionAs("MEMBER");
  const household = notificationsHousehold(0);
  const double = graphqlDouble(household.handlers);
  renderScreen(<PushOnThisDevice />, { link: double.link, session });
  return { ...double, state: household.state };
}

describe("Push on this device", () => {
  it("subscribes with the server's key, hands the endpoint and keys over, and lists this device", async () => {
    const browser = browserWithPush();
    const { callsOf, state } = open();
    fireEvent.click(await screen.findByRole("button", { name: "Turn on push for this device" }));
    await screen.findByTestId("push-on-here");
    expect(window.Notification.requestPermission).toHaveBeenCalled();
    expect(browser.options?.userVisibleOnly).toBe(true);
    expect(browser.options?.applicationServerKey).toEqual(applicationServerKey(state.publicKey));
    expect(callsOf("AddPushSubscription")[0]!.variables).toEqual({
      endpoint: ENDPOINT,
      p256dh: "p256dh-key",
      auth: "auth-secret",
      userAgent: navigator.userAgent,
    });
    expect(await screen.findByText("This device")).toBeTruthy();

    // Removing this device's subscription also ends the browser's.
    const subscription = browser.subscribed!;
    fireEvent.click(screen.getByRole("button", { name: /^Remove / }));
    await screen.findByTestId("no-push-subscriptions");
    await waitFor(() => expect(subscription.unsubscribe).toHaveBeenCalled());
    expect(callsOf("RemovePushSubscription")[0]!.variables).toEqual({ id: "100" });
    expect(await screen.findByRole("button", { name: "Turn on push for this device" })).toBeTruthy();
  });

  it("says why when the person refuses the browser's question", async () => {
    browserWithPush("denied");
    const { callsOf } = open();
    fireEvent.click(await screen.findByRole("button", { name: "Turn on push for this device" }));
    expect((await screen.findByTestId("push-problem")).textContent).toMatch(/blocked for Homegraph/);
    expect(callsOf("AddPushSubscription")).toHaveLength(0);
  });

  it("explains a browser without push", async () => {
    open();
    expect((await screen.findByTestId("push-unsupported")).textContent).toMatch(/cannot receive push/);
    expect(screen.queryByRole("button", { name: /Turn on push/ })).toBeNull();
  });

  it("explains notifications blocked before anything is asked", async () => {
    browserWithPush("denied", "denied");
    open();
    expect((await screen.findByTestId("push-denied")).textContent).toMatch(/Allow them in the site's settings/);
    expect(screen.queryByRole("button", { name: /Turn on push/ })).toBeNull();
  });

  it("turns the server's base64url key into bytes", () => {
    expect([...applicationServerKey("AQID_-8")]).toEqual([1, 2, 3, 255, 239]);
  });
});
