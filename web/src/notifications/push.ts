// Web Push in this browser: whether it can, and subscribing with the server's VAPID key. The
// subscription's endpoint and keys go to the email service (addPushSubscription), which sends.

export type PushSupport = "supported" | "unsupported" | "denied";

/** Where this browser stands: no Push API (an old browser, iOS outside the installed app), or blocked. */
export function pushSupport(): PushSupport {
  if (typeof window === "undefined" || !("serviceWorker" in navigator) || !("PushManager" in window)) {
    return "unsupported";
  }
  if (!("Notification" in window)) return "unsupported";
  return Notification.permission === "denied" ? "denied" : "supported";
}

/** A base64url VAPID key as the bytes PushManager.subscribe wants. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export class PushProblem extends Error {}

/** The app's service worker, or a clear problem when it has none (the dev server, a private window). */
async function registration(): Promise<ServiceWorkerRegistration> {
  const found = await navigator.serviceWorker.getRegistration("/");
  if (!found) {
    throw new PushProblem(
      "This page has no Homegraph service worker yet (it comes with the built app, not the dev server). Reload and try again.",
    );
  }
  return found;
}

/** This device's subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushSupport() === "unsupported") return null;
  const found = await navigator.serviceWorker.getRegistration("/");
  return (await found?.pushManager.getSubscription()) ?? null;
}

export interface SubscriptionKeys {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Asks the person, then subscribes this browser; the endpoint and keys to hand to the server. */
export async function subscribeThisDevice(publicKey: string): Promise<SubscriptionKeys> {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") {
    throw new PushProblem(
      permission === "denied"
        ? "Notifications are blocked for Homegraph in this browser. Allow them in the site's settings, then try again."
        : "Push stays off: the browser's question was dismissed.",
    );
  }
  const reg = await registration();
  const subscription =
    (await reg.pushManager.getSubscription()) ??
    (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(publicKey) }));
  const json = subscription.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) {
    throw new PushProblem("The browser gave a push subscription without its keys. Try again.");
  }
  return { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth };
}

/** Ends this browser's subscription (the server's copy is removed separately). */
export async function unsubscribeThisDevice(): Promise<void> {
  await (await currentSubscription())?.unsubscribe();
}

// Which of the person's subscriptions is this browser's: the server lists them without endpoints.
const THIS_DEVICE_KEY = "homegraph.push-subscription-id";

export const thisDevice = {
  get: (): string | null => {
    try {
      return localStorage.getItem(THIS_DEVICE_KEY);
    } catch {
      return null;
    }
  },
  set: (id: string | null) => {
    try {
      if (id) localStorage.setItem(THIS_DEVICE_KEY, id);
      else localStorage.removeItem(THIS_DEVICE_KEY);
    } catch {
      // Storage refused (a private window): the list just does not mark this device.
    }
  },
};
