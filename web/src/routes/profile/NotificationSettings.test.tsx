/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { notificationsHousehold } from "../../notifications/notifications.fixture";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { renderScreen } from "../../test/render";
import { inputLabelled, type } from "../../test/screen-helpers";
import { browserTimeZone, NotificationSettings } from "./NotificationSettings";

configure({ asyncUtilTimeout: 10_000 });

let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

function open(overrides: Record<string, (v: Record<string, any>) => unknown> = {}) {
  session = sessionAs("MEMBER");
  const household = notificationsHousehold(0);
  const double = graphqlDouble({ ...household.handlers, ...overrides });
  renderScreen(<NotificationSettings />, { link: double.link, session });
  return { ...double, state: household.state };
}

const box = (name: string) => screen.getByRole("checkbox", { name }) as HTMLInputElement;

describe("Profile → Notifications", () => {
  it("routes each kind to the channels ticked in the table", async () => {
    const { callsOf, state } = open();
    await screen.findByTestId("routing-table");
    expect(box("Alarm by Push").checked).toBe(true);
    expect(box("Device health by Push").checked).toBe(false);

    fireEvent.click(box("Device health by Push"));
    await waitFor(() => expect(callsOf("SetNotificationRoute")).toHaveLength(1));
    // The contract's channel order, whatever order they were ticked in.
    expect(callsOf("SetNotificationRoute")[0]!.variables).toEqual({
      kind: "DEVICE_HEALTH",
      channels: ["IN_APP", "PUSH"],
    });
    await waitFor(() => expect(box("Device health by Push").checked).toBe(true));

    fireEvent.click(box("Alarm by Email"));
    await waitFor(() => expect(box("Alarm by Email").checked).toBe(false));
    expect(state.settings.routes.find((r) => r.kind === "ALARM")!.channels).toEqual(["IN_APP", "PUSH"]);
    // The answer replaced the settings in the cache: nothing was read again.
    expect(callsOf("MyNotificationSettings")).toHaveLength(1);
  });

  it("sets quiet hours in the browser's time zone, checking the times first", async () => {
    const { callsOf } = open();
    await screen.findByRole("button", { name: "Save quiet hours" });
    expect(inputLabelled("Time zone").value).toBe(browserTimeZone());
    fireEvent.click(screen.getByRole("switch", { name: "Quiet hours on" }));
    type(/^From/, "25:00");
    fireEvent.click(screen.getByRole("button", { name: "Save quiet hours" }));
    expect(await screen.findByText("The start must be a time such as 22:00.")).toBeTruthy();
    expect(callsOf("SetQuietHours")).toHaveLength(0);

    type(/^From/, "23:30");
    fireEvent.click(screen.getByRole("button", { name: "Save quiet hours" }));
    await waitFor(() => expect(callsOf("SetQuietHours")).toHaveLength(1));
    expect(callsOf("SetQuietHours")[0]!.variables.input).toEqual({
      enabled: true,
      start: "23:30",
      end: "07:00",
      timeZone: browserTimeZone(),
    });
    expect(await screen.findByText("Quiet hours saved.")).toBeTruthy();
  });

  it("shows the server's refusal on the field it names", async () => {
    open({
      SetQuietHours: () => {
        throw new GraphQLAnswerError("That is not a time zone.", "BAD_USER_INPUT", "timeZone");
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Save quiet hours" }));
    expect(
      await screen.findByText("That is not a time zone.", { selector: ".mantine-InputWrapper-error, [id$='-error']" }),
    ).toBeTruthy();
  });

  it("says so when the settings cannot be read", async () => {
    open({
      MyNotificationSettings: () => {
        throw new GraphQLAnswerError("The email service is unavailable right now.", "UNAVAILABLE");
      },
    });
    expect(await screen.findByText("Your notification settings could not be loaded")).toBeTruthy();
  });
});
