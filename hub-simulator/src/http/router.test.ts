import { Router } from "./router";

describe("the router", () => {
  const router = new Router<string>([
    ["GET", "devices", "list"],
    ["GET", "devices/all", "all"],
    ["GET", "devices/:id", "device"],
    ["GET", "devices/:id/:command/:args", "command"],
    ["GET", "postURL/*url", "postURL"],
    ["POST", "devices/:id/events", "physical"],
    ["GET", "", "root"],
  ]);

  it("takes the first route whose method and every segment match, literal routes first", () => {
    expect(router.find("GET", ["devices"])).toEqual({ handler: "list", params: {} });
    expect(router.find("GET", ["devices", "all"])).toEqual({ handler: "all", params: {} });
    expect(router.find("GET", ["devices", "12"])).toEqual({ handler: "device", params: { id: "12" } });
    expect(router.find("GET", [])).toEqual({ handler: "root", params: {} });
  });

  it("gives parameters still URL-encoded, an empty segment as an empty parameter", () => {
    expect(router.find("GET", ["devices", "", "setLevel", "1%2C2"])).toEqual({
      handler: "command",
      params: { id: "", command: "setLevel", args: "1%2C2" },
    });
  });

  it("lets a last *rest take one or more segments, joined again", () => {
    expect(router.find("GET", ["postURL", "http:", "", "host", "path"])).toEqual({
      handler: "postURL",
      params: { url: "http://host/path" },
    });
    expect(router.find("GET", ["postURL"])).toBeUndefined();
  });

  it("finds nothing for another method, a path too short or too long", () => {
    expect(router.find("POST", ["devices"])).toBeUndefined();
    expect(router.find("GET", ["devices", "12", "events"])).toBeUndefined();
    expect(router.find("GET", ["devices", "12", "setLevel", "50", "extra"])).toBeUndefined();
    expect(router.find("POST", ["devices", "41", "events"])).toEqual({ handler: "physical", params: { id: "41" } });
  });
});
