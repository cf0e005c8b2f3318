import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { notificationFromPush, openFromNotification, type NotificationData } from "./push-actions";

// Homegraph's service worker (vite-plugin-pwa injectManifest): the app shell precached so the app
// opens without a network, and Web Push shown as notifications. Nothing else is cached: GraphQL,
// /auth and every other server answer always go to the network (no runtime routes below).

// The build replaces __WB_MANIFEST with the list of the app's files and their revisions.
declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

/**
 * Paths the gateway answers itself (gateway/src/web-app.ts SERVER_PATHS): a navigation there (a
 * mail's unsubscribe link, an OIDC redirect) must reach the server, not the cached app.
 */
const SERVER_PATHS = ["/graphql", "/auth", "/api", "/users", "/system", "/health", "/.well-known", "/unsubscribe"];

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(
  new NavigationRoute(createHandlerBoundToURL("/index.html"), {
    denylist: SERVER_PATHS.map((p) => new RegExp(`^${p.replace(".", "\\.")}(/|$)`)),
  }),
);

// A new build takes over at once: its precache holds the chunks the new index.html names.
self.addEventListener("install", () => void self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  const { title, options } = notificationFromPush(event.data?.text());
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data as Partial<NotificationData> | null;
  const done = openFromNotification(self.clients, self.location.origin, data?.url ?? "/");
  try {
    event.waitUntil(done);
  } catch {
    // Only an event made by a script (not the browser) cannot be extended; the work goes on.
  }
});
