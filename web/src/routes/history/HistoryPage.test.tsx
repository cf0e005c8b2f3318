/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { choose, inputLabelled } from "../../test/screen-helpers";
import { renderScreen } from "../../test/render";
import { csvFileName, historyCsv } from "./history-model";
import HistoryPage from "./HistoryPage";

const DAY = 86_400_000;
const attribute = (name: string, dataType: string, unit: string | null = null) => ({
  __typename: "StoredAttribute",
  name,
  dataType,
  unit,
});
const device = (id: string, label: string, room: string, attributes: ReturnType<typeof attribute>[]) => ({
  __typename: "Device",
  id,
  label,
  room,
  attributes,
  historyRetention: { __typename: "HistoryRetention", eventDays: 30, rollupDays: 730 },
});
const DEVICES = [
  device("1", "Hall Thermostat", "Hall", [
    attribute("thermostatMode", "ENUM"),
    attribute("temperature", "NUMBER", "°C"),
    attribute("humidity", "NUMBER", "%"),
  ]),
  device("2", "Front Door", "Hall", [attribute("contact", "ENUM")]),
  device("3", "Washer Plug", "Utility", [
    attribute("switch", "ENUM"),
    attribute("power", "NUMBER", "W"),
    attribute("energy", "NUMBER", "kWh"),
  ]),
];
const point = (at: string, min: number, max: number, mean: number, increase: number | null = null) => ({
  __typename: "HistoryPoint",
  at,
  count: 24,
  min,
  max,
  mean,
  increase,
});

function server(overrides: Record<string, (v: Record<string, any>) => unknown> = {}) {
  return graphqlDouble({
    HistoryDevices: () => ({ devices: DEVICES }),
    DeviceHistory: (v) => ({
      deviceHistory: {
        __typename: "DeviceHistory",
        attribute: v.attribute,
        unit: { temperature: "°C", power: "W", energy: "kWh" }[v.attribute as string] ?? null,
        resolution: v.resolution ?? "HOUR",
        from: v.from,
        to: v.to,
        points: [
          point("2026-11-30T00:00:00.000Z", 18.5, 22, 20.25, v.attribute === "energy" ? 1.25 : null),
          point("2026-12-01T00:00:00.000Z", 17, 21.5, 19, v.attribute === "energy" ? 1.75 : null),
        ],
      },
    }),
    ...overrides,
  });
}

configure({ asyncUtilTimeout: 10_000 });

let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("HistoryPage", () => {
  it("charts the first device's first reading over a week, then a year when asked", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = server();
    renderScreen(<HistoryPage />, { path: "/history", link, session });
    await screen.findByTestId("history-reading");
    expect(inputLabelled("Device").value).toBe("Hall Thermostat (Hall)");
    expect(inputLabelled("Reading").value).toBe("temperature");
    const week = callsOf("DeviceHistory").at(-1)!.variables;
    expect(week).toMatchObject({ deviceId: "1", attribute: "temperature" });
    expect(Date.parse(week.to) - Date.parse(week.from)).toBe(7 * DAY);
    // A door contact has nothing to chart; neither does the thermostat have power or energy charts.
    fireEvent.click(inputLabelled("Device"));
    expect(await screen.findByRole("option", { name: "Washer Plug (Utility)", hidden: true })).toBeTruthy();
    expect(screen.queryByRole("option", { name: /Front Door/, hidden: true })).toBeNull();
    expect(screen.queryByTestId("history-power")).toBeNull();

    fireEvent.click(screen.getByRole("radio", { name: "Year" }));
    await waitFor(() => {
      const year = callsOf("DeviceHistory").at(-1)!.variables;
      expect(Date.parse(year.to) - Date.parse(year.from)).toBe(365 * DAY);
    });
  });

  it("shows power and energy charts for a plug, energy per hour over a week with its total", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = server();
    renderScreen(<HistoryPage />, { path: "/history", at: "/history?device=3", link, session });
    await screen.findByTestId("history-power");
    expect((await screen.findByTestId("energy-total")).textContent).toBe("3 kWh in this week");
    expect(inputLabelled("Reading").disabled).toBe(true);
    expect(callsOf("DeviceHistory").map((c) => [c.variables.attribute, c.variables.resolution])).toEqual(
      expect.arrayContaining([
        ["power", undefined],
        ["energy", "HOUR"],
      ]),
    );
  });

  it("downloads the chart's points as a CSV file with a header row and ISO times", async () => {
    session = sessionAs("MEMBER");
    const { link } = server();
    const blobs: Blob[] = [];
    const names: string[] = [];
    Object.assign(URL, { createObjectURL: (b: Blob) => (blobs.push(b), "blob:history"), revokeObjectURL: () => {} });
    const click = jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    renderScreen(<HistoryPage />, {
      path: "/history",
      at: "/history?device=1&attribute=humidity&range=month",
      link,
      session,
    });
    const card = await screen.findByTestId("history-reading");
    await within(card).findByText("2 hourly points");
    fireEvent.click(within(card).getByRole("button", { name: "Download CSV" }));
    click.mockRestore();
    expect(names).toEqual(["hall-thermostat-humidity-month.csv"]);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]!);
    });
    expect(blobs[0]!.type).toContain("text/csv");
    expect(text.split("\r\n")).toEqual([
      "time,min,max,mean,readings,increase",
      "2026-11-30T00:00:00.000Z,18.5,22,20.25,24,",
      "2026-12-01T00:00:00.000Z,17,21.5,19,24,",
      "",
    ]);
  });

  it("says why when the server refuses the history", async () => {
    session = sessionAs("MEMBER");
    const { link } = server({
      DeviceHistory: () => {
        throw new GraphQLAnswerError("A raw history covers at most 7 days.", "BAD_USER_INPUT", "resolution");
      },
    });
    renderScreen(<HistoryPage />, { path: "/history", link, session });
    expect((await screen.findByRole("alert")).textContent).toContain("A raw history covers at most 7 days.");
  });

  it("switches reading from the picker", async () => {
    session = sessionAs("MEMBER");
    const { link, callsOf } = server();
    const { router } = renderScreen(<HistoryPage />, { path: "/history", link, session });
    await screen.findByTestId("history-reading");
    await choose("Reading", "humidity");
    await waitFor(() => expect(callsOf("DeviceHistory").at(-1)!.variables.attribute).toBe("humidity"));
    expect(router.state.location.search).toContain("attribute=humidity");
  });
});

describe("historyCsv", () => {
  it("names the unit in the header, quotes what needs quoting and leaves RAW's increase empty", () => {
    const csv = historyCsv(
      [{ __typename: "HistoryPoint", at: "2026-01-01T10:00:00Z", count: 1, min: 1, max: 2, mean: 1.5, increase: 0.25 }],
      { device: "Plug", attribute: "energy", unit: "kWh, total" },
    );
    expect(csv).toBe(
      'time,"min (kWh, total)","max (kWh, total)","mean (kWh, total)",readings,"increase (kWh, total)"\r\n' +
        "2026-01-01T10:00:00.000Z,1,2,1.5,1,0.25\r\n",
    );
    expect(csvFileName("Kid's Room — Sensor", "temperature", "year")).toBe("kid-s-room-sensor-temperature-year.csv");
  });
});
