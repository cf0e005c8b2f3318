import { draftErrors, localInput, newDraft, toPassInput, type Openings } from "./pass-form";

const now = new Date(2026, 11, 5, 10, 0).getTime();

describe("a new guest pass's form", () => {
  it("starts now and ends a day later, in the browser's own time", () => {
    const draft = newDraft(now);
    expect(draft.validFrom).toBe("2026-12-05T10:00");
    expect(draft.validUntil).toBe("2026-12-06T10:00");
    expect(localInput(now + 90_000)).toBe("2026-12-05T10:01");
  });

  it("names what is wrong: no name, an end before the start, nothing opened, a bad code, a lock not controlled", () => {
    const draft = { ...newDraft(now), validUntil: "2026-12-05T09:00", lockDeviceId: "7", lockCode: "12a" };
    expect(draftErrors(draft, {}, now)).toEqual({
      guestName: expect.stringContaining("name"),
      validUntil: "The pass must end after it starts.",
      access: "Choose at least one room or device.",
      lockCode: "A lock code is 4 to 8 digits.",
      lockDeviceId: expect.stringContaining("Control of this lock"),
    });
    const long = { ...newDraft(now), guestName: "Sam", validUntil: "2027-02-01T10:00" };
    expect(draftErrors(long, { "room:Kitchen": "VIEW" }, now)).toEqual({
      validUntil: "A pass lasts at most 30 days.",
    });
  });

  it("sends rooms and devices apart, UTC times, and the code named after the guest by default", () => {
    const openings: Openings = { "room:Living Room": "VIEW", "device:71": "CONTROL", "device:14": "CONTROL" };
    const draft = { ...newDraft(now), guestName: " Sam ", lockDeviceId: "71", lockCode: "4321" };
    expect(draftErrors(draft, openings, now)).toEqual({});
    expect(toPassInput(draft, openings)).toEqual({
      guestName: "Sam",
      validFrom: new Date(now).toISOString(),
      validUntil: new Date(now + 86_400_000).toISOString(),
      rooms: [{ room: "Living Room", level: "VIEW" }],
      devices: [
        { deviceId: "71", level: "CONTROL" },
        { deviceId: "14", level: "CONTROL" },
      ],
      lockCode: { deviceId: "71", code: "4321", name: "Sam" },
    });
  });
});
