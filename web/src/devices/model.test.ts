import { groupByRoom, hexToHs, hsToHex, mergeAttributes, withAttributes, type Device } from "./model";

const attr = (name: string, value: unknown, updatedAt: string | null) => ({
  __typename: "DeviceAttribute" as const,
  name,
  value,
  dataType: null,
  values: null,
  unit: null,
  updatedAt,
});

describe("device model", () => {
  it("keeps the newer reading of each attribute when an older answer arrives late", () => {
    const hubReport = [attr("switch", "on", "2026-11-29T05:00:02.000Z"), attr("level", 40, "2026-11-29T05:00:00.000Z")];
    const commandAnswer = [
      attr("switch", "off", "2026-11-29T05:00:01.000Z"),
      attr("level", 50, "2026-11-29T05:00:03.000Z"),
    ];
    expect(mergeAttributes(hubReport, commandAnswer).map((a) => [a.name, a.value])).toEqual([
      ["switch", "on"],
      ["level", 50],
    ]);
    expect(mergeAttributes(undefined, commandAnswer)).toEqual(commandAnswer);
  });

  it("stamps an optimistic change with the time it was made", () => {
    const device = { attributes: [attr("switch", "off", "2026-11-29T05:00:00.000Z")] } as Device;
    const changed = withAttributes(device, { switch: "on" }, new Date("2026-11-29T06:00:00.000Z"));
    expect(changed.attributes).toEqual([attr("switch", "on", "2026-11-29T06:00:00.000Z")]);
  });

  it("groups by room, by name, devices without a room last", () => {
    const d = (label: string, room: string | null) => ({ label, room, attributes: [] }) as unknown as Device;
    const groups = groupByRoom([d("b", "Kitchen"), d("x", null), d("a", "Kitchen"), d("c", "Bath")]);
    expect(groups.map((g) => [g.room, g.devices.map((x) => x.label)])).toEqual([
      ["Bath", ["c"]],
      ["Kitchen", ["a", "b"]],
      ["No room", ["x"]],
    ]);
  });

  it("converts Hubitat's hue and saturation to a colour and back", () => {
    for (const [hue, saturation] of [
      [0, 100],
      [33, 100],
      [66, 57],
    ]) {
      const back = hexToHs(hsToHex(hue!, saturation!));
      expect(Math.abs(back.hue - hue!)).toBeLessThanOrEqual(1);
      expect(Math.abs(back.saturation - saturation!)).toBeLessThanOrEqual(2);
    }
  });
});
