import { formPath } from "../../forms/checked-form";
import { serverPath } from "./rule-form";

describe("rule form paths", () => {
  it("turn the server's field paths into the form's and back", () => {
    expect(formPath("actions[0].deviceId")).toBe("actions.0.deviceId");
    expect(formPath("conditions[12]")).toBe("conditions.12");
    expect(formPath("trigger.at")).toBe("trigger.at");
    for (const path of ["actions[0].deviceId", "conditions[12]", "trigger.at", "name"]) {
      expect(serverPath(formPath(path))).toBe(path);
    }
  });
});
