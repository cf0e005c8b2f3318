/** @jest-environment ./web/src/test/jsdom-environment.cjs */
import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { GraphQLAnswerError, graphqlDouble, sessionAs } from "../../test/graphql-double";
import { choose, inputLabelled, type } from "../../test/screen-helpers";
import { renderScreen } from "../../test/render";
import EmailPage from "./EmailPage";
import { address, addressList, oneLine, templateKey, variablesJson } from "./email-rules";

const now = new Date().toISOString();
const welcome = {
  __typename: "EmailTemplate",
  id: "1",
  key: "welcome",
  name: "Welcome",
  kind: "SECURITY",
  subject: "Welcome to {{appName}}",
  html: "<p>Hello {{displayName}}</p>",
  text: "Hello {{displayName}}",
  builtIn: true,
  updatedAt: now,
};
const run = (counts: Record<string, unknown>) => ({
  __typename: "BulkEmailRun",
  id: "5",
  total: 2,
  queued: 0,
  sent: 0,
  failed: 0,
  suppressed: 0,
  done: false,
  ...counts,
});
const log = (id: string, status: string) => ({
  __typename: "EmailLog",
  id,
  recipient: `r${id}@example.com`,
  subject: `Mail ${id}`,
  status,
  kind: "NOTIFICATION",
  attempts: 1,
  lastError: status === "FAILED" ? "550 no such user" : null,
  templateKey: null,
  bulkRunId: null,
  createdAt: now,
  sentAt: null,
});

function server(overrides: Record<string, (v: Record<string, any>) => unknown> = {}, catching = true) {
  return graphqlDouble({
    EmailTemplates: () => ({ emailTemplates: [welcome] }),
    DevMailbox: () => ({
      devMailbox: {
        __typename: "DevMailboxPage",
        enabled: catching,
        total: 1,
        items: [
          {
            __typename: "DevMailboxMessage",
            id: "m1",
            receivedAt: now,
            envelopeTo: ["ann@example.com"],
            fromHeader: "Homegraph <homegraph@localhost>",
            subject: "Caught mail",
            size: 100,
          },
        ],
      },
    }),
    DevMailboxMessage: () => ({
      devMailboxMessage: {
        __typename: "DevMailboxMessage",
        id: "m1",
        receivedAt: now,
        envelopeFrom: "homegraph@localhost",
        envelopeTo: ["ann@example.com"],
        fromHeader: "Homegraph <homegraph@localhost>",
        toHeader: "ann@example.com",
        subject: "Caught mail",
        text: "The body of the caught mail",
        html: "<p>The body</p>",
      },
    }),
    PreviewEmailDraft: (v) => {
      if (v.draft.html.includes("{{#if")) {
        throw new GraphQLAnswerError("html is not a valid template: Parse error on line 1", "BAD_USER_INPUT", "html");
      }
      const name = String(v.variables?.displayName ?? "");
      return {
        previewEmailDraft: {
          __typename: "EmailPreview",
          subject: v.draft.subject.replace("{{appName}}", "Homegraph"),
          text: v.draft.text.replace("{{displayName}}", name),
          html: v.draft.html.replace("{{displayName}}", name),
        },
      };
    },
    UpdateEmailTemplate: (v) => ({ updateEmailTemplate: { ...welcome, ...v.input } }),
    SendTestEmail: (v) => ({
      sendEmail: { __typename: "EmailLog", id: "9", recipient: v.input.to, subject: "x", status: "QUEUED" },
    }),
    EmailLogs: (v) => {
      const all = [log("1", "SENT"), log("2", "FAILED")];
      const items = v.filter?.status ? all.filter((l) => l.status === v.filter.status) : all;
      return { emailLogs: { __typename: "EmailLogPage", items, total: items.length, page: 1, pageSize: 20 } };
    },
    SendBulkEmail: () => ({ sendBulkEmail: run({ queued: 2 }) }),
    BulkEmailRun: () => ({ bulkEmailRun: run({ queued: 2 }) }),
    BulkEmailProgress: () => ({ bulkEmailProgress: run({ sent: 1, failed: 1, done: true }) }),
    ...overrides,
  });
}

// Answers come on later ticks of a machine that may be busy running every other suite too.
configure({ asyncUtilTimeout: 10_000 });

let session: ReturnType<typeof sessionAs>;
afterEach(() => act(() => session.clear()));

describe("EmailPage", () => {
  it("edits a template with a live preview of the unsaved text, and saves it", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<EmailPage />, { path: "/email/*", at: "/email/templates", link, session });
    await waitFor(() => expect(callsOf("EmailTemplates")).toHaveLength(1));
    await choose("Template", "Welcome (welcome)");
    expect(inputLabelled(/^Subject/).value).toBe("Welcome to {{appName}}");
    type(/^Preview variables/, '{"displayName": "Ann"}');
    type(/^Text body/, "Hi {{displayName}}, welcome");
    await waitFor(() => expect(screen.getByTestId("preview-text").textContent).toBe("Hi Ann, welcome"), {
      timeout: 3000,
    });
    expect(screen.getByTestId("preview-subject").textContent).toBe("Welcome to Homegraph");
    expect(callsOf("PreviewEmailDraft").at(-1)!.variables).toEqual({
      draft: {
        subject: "Welcome to {{appName}}",
        html: "<p>Hello {{displayName}}</p>",
        text: "Hi {{displayName}}, welcome",
      },
      variables: { displayName: "Ann" },
    });

    type(/^HTML body/, "<p>{{#if x}}</p>");
    expect((await screen.findByTestId("preview-error", {}, { timeout: 10_000 })).textContent).toMatch(
      /html is not a valid template/,
    );

    type(/^HTML body/, "<p>Hello {{displayName}}</p>");
    type(/^Subject/, "");
    fireEvent.click(screen.getByRole("button", { name: "Save template" }));
    expect(await screen.findByText("The subject is required.")).toBeTruthy();
    expect(callsOf("UpdateEmailTemplate")).toHaveLength(0);
    type(/^Subject/, "Welcome, {{displayName}}");
    fireEvent.click(screen.getByRole("button", { name: "Save template" }));
    await waitFor(() => expect(callsOf("UpdateEmailTemplate")).toHaveLength(1));
    expect(callsOf("UpdateEmailTemplate")[0]!.variables).toEqual({
      key: "welcome",
      input: {
        name: "Welcome",
        kind: "SECURITY",
        subject: "Welcome, {{displayName}}",
        html: "<p>Hello {{displayName}}</p>",
        text: "Hi {{displayName}}, welcome",
      },
    });
    expect(await screen.findByText("Template saved.")).toBeTruthy();
  });

  it("sends a test only to a valid address, with a subject and message when no template is chosen", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<EmailPage />, { path: "/email/*", at: "/email/send", link, session });
    type(/^To/, "nobody");
    fireEvent.click(await screen.findByRole("button", { name: "Send test" }));
    expect(await screen.findByText('"nobody" is not a valid email address.')).toBeTruthy();
    expect(screen.getByText("The subject is required.")).toBeTruthy();
    expect(screen.getByText("The message is required.")).toBeTruthy();
    type(/^To/, "ann@example.com");
    type(/^Message/, "Hello");
    expect(callsOf("SendTestEmail")).toHaveLength(0);
    type(/^Subject/, "Testing");
    fireEvent.click(screen.getByRole("button", { name: "Send test" }));
    expect((await screen.findByTestId("test-sent")).textContent).toMatch(/Mail 9 to ann@example.com is queued/);
    expect(callsOf("SendTestEmail")[0]!.variables).toEqual({
      input: { to: "ann@example.com", subject: "Testing", body: "Hello" },
    });
  });

  it("filters the delivery log by status", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<EmailPage />, { path: "/email/*", at: "/email/log", link, session });
    expect(await screen.findAllByTestId("log-row")).toHaveLength(2);
    fireEvent.click(screen.getByRole("radio", { name: "Failed" }));
    await waitFor(() => expect(screen.getAllByTestId("log-row")).toHaveLength(1));
    expect(screen.getByText("550 no such user")).toBeTruthy();
    expect(callsOf("EmailLogs").at(-1)!.variables.filter).toEqual({ status: "FAILED" });
  });

  it("sends in bulk and follows the run's progress live", async () => {
    session = sessionAs("ADMIN");
    const { link, callsOf } = server();
    renderScreen(<EmailPage />, { path: "/email/*", at: "/email/bulk", link, session });
    fireEvent.click(await screen.findByLabelText("These addresses"));
    type(/^Addresses/, "ann@example.com\nnot an address");
    type(/^Subject/, "House meeting");
    type(/^Message/, "Sunday at 10");
    fireEvent.click(screen.getByRole("button", { name: "Send to all of them" }));
    expect(await screen.findByText('"not an address" is not a valid email address.')).toBeTruthy();
    expect(callsOf("SendBulkEmail")).toHaveLength(0);
    type(/^Addresses/, "ann@example.com\nbob@example.com");
    fireEvent.click(screen.getByRole("button", { name: "Send to all of them" }));
    const progress = await screen.findByTestId("bulk-progress");
    await waitFor(() => expect(within(progress).getByText("Finished")).toBeTruthy());
    expect(within(progress).getByText(/2 of 2 done/)).toBeTruthy();
    expect(within(progress).getByText(/1 sent · 0 waiting · 1 failed/)).toBeTruthy();
    expect(callsOf("SendBulkEmail")[0]!.variables).toEqual({
      input: { to: ["ann@example.com", "bob@example.com"], subject: "House meeting", body: "Sunday at 10" },
    });
    expect(callsOf("BulkEmailProgress")[0]!.variables).toEqual({ runId: "5" });
  });

  it("shows the dev mailbox only while the service catches mail, and opens a caught mail", async () => {
    session = sessionAs("ADMIN");
    const notCatching = server({}, false);
    const off = renderScreen(<EmailPage />, { path: "/email/*", at: "/email", link: notCatching.link, session });
    await screen.findByRole("tab", { name: "Templates" });
    await waitFor(() => expect(notCatching.callsOf("DevMailbox")).toHaveLength(1));
    // The double answers on the next tick: once past it, the page has seen `enabled: false`.
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(screen.queryByRole("tab", { name: "Dev mailbox" })).toBeNull();
    off.unmount();

    renderScreen(<EmailPage />, { path: "/email/*", at: "/email/mailbox", link: server().link, session });
    fireEvent.click(await screen.findByTestId("mailbox-item"));
    expect((await screen.findByTestId("mailbox-subject")).textContent).toBe("Caught mail");
    fireEvent.click(screen.getByRole("tab", { name: "Text" }));
    expect(await screen.findByText("The body of the caught mail")).toBeTruthy();
  });
});

describe("email rules", () => {
  it("refuse what the email service refuses", () => {
    expect(oneLine("The subject", 255)("a\r\nBcc: x@example.com")).toBe("The subject must be on one line.");
    expect(oneLine("The subject", 5)("123456")).toBe("The subject must be at most 5 characters.");
    expect(address("ann@localhost")).toBeUndefined();
    expect(address("Ann <ann@example.com>")).toBe('"Ann <ann@example.com>" is not a valid email address.');
    expect(addressList(2)("a@example.com, b@example.com\nc@example.com")).toBe("At most 2 addresses at once.");
    expect(templateKey("Welcome")).toMatch(/lower-case/);
    expect(templateKey("house-news")).toBeUndefined();
    expect(variablesJson("[1]")).toMatch(/JSON object/);
    expect(variablesJson('{"a": 1}')).toBeUndefined();
  });
});
