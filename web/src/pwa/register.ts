// Registers the service worker (web/src/sw) in the production build only: the dev server has none,
// so Vite's module reloading is never served from a cache. Kept tiny: it is in the first load.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const register = () =>
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error: unknown) => {
      // No service worker (a private window, an http:// address that is not localhost): the app
      // works as before, only without offline start and push.
      console.warn("service worker not registered", error);
    });
  if (document.readyState === "complete") void register();
  else window.addEventListener("load", () => void register(), { once: true });
}
