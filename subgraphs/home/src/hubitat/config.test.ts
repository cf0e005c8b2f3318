import { hubsConfigFromEnv } from "./config";

// The hubs' variables: HUBITAT_EVENT_URL (a reverse proxy in front), its deprecated form, and
// several hubs named by HUBITAT_HUBS, each from its own HUBITAT_{NAME}_... variables, every
// problem reported at once.

const single = { HUBITAT_HUB_IP: "192.168.1.50", HUBITAT_APP_ID: "42", HUBITAT_ACCESS_TOKEN: "abcdef123456" };

describe("HUBITAT_EVENT_URL", () => {
  it("is the URL the hub posts to, before the secret; HUBITAT_EVENT_BASE_URL still works as its older form", () => {
    expect(hubsConfigFromEnv(single)[0]).toMatchObject({ name: "main", eventUrl: null });
    expect(
      hubsConfigFromEnv({ ...single, HUBITAT_EVENT_URL: "https://home.example.com/homegraph/hubitat/events/" })[0],
    ).toMatchObject({ eventUrl: "https://home.example.com/homegraph/hubitat/events" });
    expect(hubsConfigFromEnv({ ...single, HUBITAT_EVENT_BASE_URL: "http://192.168.1.20:6103/" })[0]).toMatchObject({
      eventUrl: "http://192.168.1.20:6103/hubitat/events",
    });
  });

  it("must be an http(s) URL without a query, and not set beside HUBITAT_EVENT_BASE_URL", () => {
    expect(() => hubsConfigFromEnv({ ...single, HUBITAT_EVENT_URL: "home.example.com/events" })).toThrow(
      /HUBITAT_EVENT_URL: must be an http\(s\) URL/,
    );
    expect(() => hubsConfigFromEnv({ ...single, HUBITAT_EVENT_URL: "ftp://home.example.com/events" })).toThrow(
      /HUBITAT_EVENT_URL: must be an http\(s\) URL/,
    );
    expect(() => hubsConfigFromEnv({ ...single, HUBITAT_EVENT_URL: "https://home.example.com/events?x=1" })).toThrow(
      /HUBITAT_EVENT_URL: must have no \? or # part/,
    );
    expect(() =>
      hubsConfigFromEnv({
        ...single,
        HUBITAT_EVENT_URL: "https://home.example.com/hubitat/events",
        HUBITAT_EVENT_BASE_URL: "https://home.example.com",
      }),
    ).toThrow(/HUBITAT_EVENT_BASE_URL: is the older form of HUBITAT_EVENT_URL/);
  });
});

describe("HUBITAT_HUBS", () => {
  const two = {
    HUBITAT_HUBS: "house, barn",
    HUBITAT_HOUSE_HUB_IP: "192.168.1.50",
    HUBITAT_HOUSE_APP_ID: "42",
    HUBITAT_HOUSE_ACCESS_TOKEN: "house-token-123",
    HUBITAT_HOUSE_EVENT_SECRET: "house-secret-0123456789",
    HUBITAT_BARN_CLOUD_URL: "https://cloud.hubitat.com/api/abcd/apps/7",
    HUBITAT_BARN_ACCESS_TOKEN: "barn-token-456",
    HUBITAT_EVENT_URL: "https://home.example.com/homegraph/hubitat/events",
  };

  it("reads each hub from its own variables, the first being the primary one", () => {
    expect(hubsConfigFromEnv(two)).toEqual([
      expect.objectContaining({
        name: "house",
        baseUrl: "http://192.168.1.50/apps/api/42",
        accessToken: "house-token-123",
        eventSecret: "house-secret-0123456789",
        eventUrl: "https://home.example.com/homegraph/hubitat/events",
        transport: "post",
      }),
      expect.objectContaining({
        name: "barn",
        baseUrl: "https://cloud.hubitat.com/api/abcd/apps/7",
        accessToken: "barn-token-456",
        eventSecret: null,
        eventSocketUrl: null,
      }),
    ]);
  });

  it("takes a per-hub transport, and a dashed name as underscores in its variables", () => {
    const hubs = hubsConfigFromEnv({
      HUBITAT_HUBS: "guest-house",
      HUBITAT_GUEST_HOUSE_HUB_IP: "10.0.0.9",
      HUBITAT_GUEST_HOUSE_APP_ID: "3",
      HUBITAT_GUEST_HOUSE_ACCESS_TOKEN: "guest-token-789",
      HUBITAT_GUEST_HOUSE_EVENT_TRANSPORT: "eventsocket",
    });
    expect(hubs).toEqual([
      expect.objectContaining({
        name: "guest-house",
        transport: "eventsocket",
        eventSocketUrl: "ws://10.0.0.9/eventsocket",
      }),
    ]);
  });

  it("reports every bad variable at once", () => {
    let message = "";
    try {
      hubsConfigFromEnv({
        HUBITAT_HUBS: "house,barn,Attic,house",
        HUBITAT_HUB_IP: "192.168.1.50",
        HUBITAT_HOUSE_HUB_IP: "not a host!",
        HUBITAT_HOUSE_ACCESS_TOKEN: "house-token-123",
        HUBITAT_BARN_HUB_IP: "192.168.1.51",
        HUBITAT_BARN_EVENT_TRANSPORT: "carrier-pigeon",
        HUBITAT_SHED_HUB_IP: "192.168.1.52",
      });
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message
      .split("\n")
      .slice(1)
      .map((l) => l.trim());
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^HUBITAT_HUBS: "Attic" must start with a lower-case letter/),
        'HUBITAT_HUBS: names "house" twice',
        expect.stringMatching(
          /^HUBITAT_HUB_IP: is for a single hub: with HUBITAT_HUBS set, use HUBITAT_\{NAME\}_HUB_IP/,
        ),
        expect.stringMatching(/^HUBITAT_HOUSE_HUB_IP: must be the hub's address/),
        "HUBITAT_BARN_EVENT_TRANSPORT: must be post or eventsocket",
        expect.stringMatching(/^HUBITAT_SHED_HUB_IP: belongs to no hub of HUBITAT_HUBS/),
      ]),
    );
  });

  it("names a bad shared variable and the hubs' own in one error, and a hub variable of no known kind", () => {
    expect(() =>
      hubsConfigFromEnv({
        HUBITAT_HUBS: "house",
        HUBITAT_TIMEOUT_MS: "soon",
        HUBITAT_HOUSE_HUB_IP: "192.168.1.50",
        HUBITAT_HOUSE_APP_ID: "one",
        HUBITAT_HOUSE_ACCESS_TOKEN: "house-token-123",
        HUBITAT_HOUSE_EVENT_URL: "https://home.example.com/events",
      }),
    ).toThrow(
      /HUBITAT_TIMEOUT_MS: must be a number[\s\S]*HUBITAT_HOUSE_EVENT_URL: is not a hub's variable[\s\S]*HUBITAT_HOUSE_APP_ID: must be the Maker API app's number/,
    );
  });

  it("names what a hub is missing, and refuses one secret for two hubs", () => {
    expect(() =>
      hubsConfigFromEnv({
        HUBITAT_HUBS: "house,barn",
        HUBITAT_HOUSE_HUB_IP: "192.168.1.50",
        HUBITAT_HOUSE_EVENT_SECRET: "shared-secret-0123456789",
        HUBITAT_BARN_EVENT_SECRET: "shared-secret-0123456789",
      }),
    ).toThrow(
      /HUBITAT_HOUSE_ACCESS_TOKEN: is required[\s\S]*HUBITAT_HOUSE_APP_ID: is required[\s\S]*HUBITAT_BARN_HUB_IP: is required/,
    );
    expect(() =>
      hubsConfigFromEnv({
        HUBITAT_HUBS: "house,barn",
        ...Object.fromEntries(
          ["HOUSE", "BARN"].flatMap((n) => [
            [`HUBITAT_${n}_HUB_IP`, "192.168.1.50"],
            [`HUBITAT_${n}_APP_ID`, "1"],
            [`HUBITAT_${n}_ACCESS_TOKEN`, "token-0123456"],
            [`HUBITAT_${n}_EVENT_SECRET`, "shared-secret-0123456789"],
          ]),
        ),
      }),
    ).toThrow(/HUBITAT_BARN_EVENT_SECRET: is the same as house's/);
  });

  it("leaves the single-hub variables as they were", () => {
    expect(hubsConfigFromEnv({})).toEqual([]);
    expect(hubsConfigFromEnv(single)).toEqual([expect.objectContaining({ name: "main" })]);
  });
});
