/** One event as the hub records it; `value` is always a string (or null), as on a real hub. */
export interface HubEvent {
  source: "DEVICE" | "LOCATION";
  deviceId: string | null;
  name: string;
  value: string | null;
  displayName: string | null;
  descriptionText: string | null;
  unit: string | null;
  /** "physical", "digital", LOCATION_MODE_CHANGE or null. */
  type: string | null;
  date: Date;
  isStateChange: boolean;
  /** The event's data as the driver sent it (a lock code's entry, possibly encrypted); absent on most events. */
  data?: string;
}

/** A command the hub refuses (unknown, or arguments its driver cannot use): the HTTP status and why. */
export class CommandError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
