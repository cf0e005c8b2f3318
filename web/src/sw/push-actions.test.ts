import { appPath, notificationFromPush, openFromNotification, type WindowLike } from "./push-actions";

const ORIGIN = "https://home.example";

describe("a push shown as a notification", () => {
  it("takes the title, body, tag and path from the payload; a critical one stays until acted on", () => {
    const payload = { id: "41", kind: "ALARM", severity: "CRITICAL", title: "Smoke", body: "Kitchen", url: "/alarm" };
    const { title, options } = notificationFromPush(JSON.stringify(payload));
    expect(title).toBe("Smoke");
    expect(options).toMatchObject({ body: "Kitchen", tag: "41", requireInteraction: true });
    expect(options.data).toEqual({ id: "41", kind: "ALARM", url: "/alarm" });
    const info = notificationFromPush(JSON.stringify({ ...payload, severity: "INFO", url: null }));
    expect(info.options.requireInteraction).toBe(false);
    expect(info.options.data.url).toBe("/");
  });

  it("still shows something for a payload that is not JSON, and never links to another site", () => {
    expect(notificationFromPush("plain words")).toMatchObject({ title: "Homegraph", options: { body: "plain words" } });
    expect(notificationFromPush(undefined).title).toBe("Homegraph");
    expect(appPath("https://elsewhere.example/x")).toBe("/");
    expect(appPath("//elsewhere.example/x")).toBe("/");
    expect(appPath("/devices/71")).toBe("/devices/71");
  });
});

describe("a click on the notification", () => {
  function windowAt(url: string, options: { focusRefused?: boolean; controlled?: boolean } = {}) {
    const w: WindowLike & { focused: boolean; went?: string } = {
      url,
      focused: false,
      focus: async () => {
        if (options.focusRefused) throw new Error("Not allowed to focus a window");
        w.focused = true;
      },
      navigate: async (to: string) => {
        if (options.controlled === false) throw new TypeError("not controlled");
        w.went = to;
        return w;
      },
    };
    return w;
  }
  const clientsWith = (windows: WindowLike[]) => {
    const opened: string[] = [];
    return {
      opened,
      matchAll: async () => windows,
      openWindow: async (url: string) => void opened.push(url),
    };
  };

  it("focuses an open Homegraph window and sends it to the path", async () => {
    const other = windowAt("https://elsewhere.example/");
    const mine = windowAt(`${ORIGIN}/`);
    const clients = clientsWith([other, mine]);
    await openFromNotification(clients, ORIGIN, "/devices/71");
    expect(mine).toMatchObject({ focused: true, went: `${ORIGIN}/devices/71` });
    expect(other.focused).toBe(false);
    expect(clients.opened).toEqual([]);
  });

  it("opens a window when none is open, or when the open one cannot be navigated", async () => {
    const none = clientsWith([]);
    await openFromNotification(none, ORIGIN, "/notifications");
    expect(none.opened).toEqual([`${ORIGIN}/notifications`]);
    const stuck = clientsWith([windowAt(`${ORIGIN}/`, { controlled: false })]);
    await openFromNotification(stuck, ORIGIN, "/alarm");
    expect(stuck.opened).toEqual([`${ORIGIN}/alarm`]);
  });

  it("navigates even when the browser refuses to focus", async () => {
    const mine = windowAt(`${ORIGIN}/`, { focusRefused: true });
    await openFromNotification(clientsWith([mine]), ORIGIN, "/alarm");
    expect(mine.went).toBe(`${ORIGIN}/alarm`);
  });
});
