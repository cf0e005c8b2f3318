import { configFromEnv, DEV_ACCESS_TOKEN } from "./config";

describe("configuration", () => {
  it("defaults to port 6180, app 1 and the fixed dev token", () => {
    expect(configFromEnv({})).toMatchObject({ port: 6180, appId: "1", accessToken: DEV_ACCESS_TOKEN, activity: true });
    expect(configFromEnv({ SIM_ACTIVITY: "false", SIM_SEED: "7" })).toMatchObject({ activity: false, seed: 7 });
  });
  it("adds SIM_EXTRA_SWITCHES switches for load tests, 0 to 500", () => {
    expect(configFromEnv({})).toMatchObject({ extraSwitches: 0 });
    expect(configFromEnv({ SIM_EXTRA_SWITCHES: "40" })).toMatchObject({ extraSwitches: 40 });
    expect(() => configFromEnv({ SIM_EXTRA_SWITCHES: "501" })).toThrow(/SIM_EXTRA_SWITCHES: must be 0 to 500/);
  });
  it("names a bad variable", () => {
    expect(() => configFromEnv({ SIM_ACTIVITY: "maybe", HUBITAT_APP_ID: "abc" })).toThrow(
      /HUBITAT_APP_ID: must be the Maker API app's number[\s\S]*SIM_ACTIVITY: must be true or false/,
    );
  });
});
