// What the service worker does with a push and with a click on its notification, apart from the
// worker's globals so a test can hand it stand-ins.

/** The JSON the email service's push sender delivers (the notifications contract). */
export interface PushPayload {
  id: string;
  kind: string;
  severity: "INFO" | "WARNING" | "CRITICAL";
  title: string;
  body: string;
  url?: string | null;
}

/** What a notification carries to its click. */
export interface NotificationData {
  id: string;
  kind: string;
  url: string;
}

/** The payload as a notification's title and options; a payload that is not ours still shows. */
export function notificationFromPush(text: string | null | undefined): {
  title: string;
  options: NotificationOptions & { data: NotificationData };
} {
  let payload: Partial<PushPayload>;
  try {
    payload = text ? (JSON.parse(text) as Partial<PushPayload>) : {};
  } catch {
    payload = { body: text ?? "" };
  }
  const id = typeof payload.id === "string" || typeof payload.id === "number" ? String(payload.id) : "";
  return {
    title: payload.title || "Homegraph",
    options: {
      body: payload.body ?? "",
      // One notification per Homegraph notification: a repeat replaces rather than stacks.
      ...(id ? { tag: id } : {}),
      // A critical one (smoke, an alarm's alert) stays until the person acts on it.
      requireInteraction: payload.severity === "CRITICAL",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { id, kind: payload.kind ?? "SYSTEM", url: appPath(payload.url) },
    },
  };
}

/** Only a path of this app: a payload never sends the person to another site. */
export function appPath(url: string | null | undefined): string {
  if (!url || !url.startsWith("/") || url.startsWith("//")) return "/";
  return url;
}

export interface WindowLike {
  url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}

export interface ClientsLike {
  matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<readonly WindowLike[]>;
  openWindow(url: string): Promise<unknown>;
}

/**
 * A click: an open Homegraph window is focused and sent to the notification's path; with none,
 * one is opened there. Focusing is allowed only during a person's click: when the browser refuses
 * it, the window is still navigated.
 */
export async function openFromNotification(clients: ClientsLike, origin: string, path: string): Promise<void> {
  const target = new URL(appPath(path), origin).href;
  const windows = await clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === origin);
  if (!open) {
    await clients.openWindow(target);
    return;
  }
  await open.focus().catch(() => undefined);
  if (open.url !== target) {
    // navigate() works only on a window this worker controls: another is opened instead.
    const navigated = await open.navigate(target).catch(() => null);
    if (!navigated) await clients.openWindow(target);
  }
}
