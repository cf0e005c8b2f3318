// Faults on the mail path: the SMTP server refusing, deferring, stalling or rejecting for good, and the
// email service killed while a mail is on the wire; then the ledger of every mail the run accepted.
import { LIMITS } from "./harness";
import { suite, sleep, eventually, fault, settledLedger, failedMail, sendMail, notificationMail } from "./suite";

/** SMTP misbehaving in each way, and the email service killed mid-send. */
export function mailFaults(): void {
  for (const [mode, label] of [
    ["refuse", "SMTP refusing connections for 2.5 s"],
    ["4xx", "SMTP answering 451 (temporary) for 2.5 s"],
    ["stall", "SMTP stalling (DATA never answered) for 2.5 s"],
  ] as const) {
    it(`${label}: every accepted mail is delivered exactly once when it recovers`, async () => {
      const { stack, load } = suite();
      await fault(label, async (row) => {
        const acceptedFrom = load.acceptedMail.length;
        await stack.smtp.setMode(mode);
        const own = await sendMail(`during-${mode}`);
        // The mail meets the fault at least once before SMTP recovers.
        await eventually("the mail met the fault", 10_000, async () => {
          const [r] = await stack.sql(`select attempts, last_error from email.email_logs where id = $1`, [own]);
          return r && r.attempts >= 1 && (mode === "stall" ? stack.smtp.stalled.includes(own) : Boolean(r.last_error));
        });
        const [met] = await stack.sql(`select last_error from email.email_logs where id = $1`, [own]);
        await sleep(1_500);
        await stack.smtp.setMode("accept");
        const ids = [own, ...load.acceptedMail.slice(acceptedFrom)];
        const ledger = await settledLedger("every mail accepted during the fault is sent", 45_000, ids);
        expect(ledger.missing).toEqual([]);
        expect(ledger.sentNotOnce).toEqual([]);
        expect(ledger.deliveredButNotSent).toEqual([]);
        expect(ledger.failed).toEqual([]);
        expect(ledger.sent).toBe(ids.length);
        row.seen =
          `mail accepted as usual; the attempts failed with "${String(met?.last_error ?? "(timed out, stalled)").slice(0, 80)}" ` +
          `and were retried with backoff`;
        row.lost = `nothing: ${ids.length} mails accepted during the fault, each delivered exactly once`;
      });
    }, 90_000);
  }

  it("SMTP answering 5xx or 4xx for good: the mail ends FAILED with the server's reason", async () => {
    const { stack } = suite();
    await fault("SMTP answering 550 (permanent), then 451 past the last attempt", async (row) => {
      await stack.smtp.setMode("5xx");
      const permanent = await sendMail("permanent-refusal");
      const [p] = await failedMail("the 5xx mail is FAILED", 20_000, permanent);
      // RFC 5321: a 5xx is not retried.
      expect(p!.attempts).toBe(1);
      expect(p!.last_error).toMatch(/550/);
      await stack.smtp.setMode("4xx");
      const temporary = await sendMail("temporary-forever");
      const [t] = await failedMail("the 4xx mail is FAILED after its last attempt", 45_000, temporary);
      await stack.smtp.setMode("accept");
      expect(t!.attempts).toBe(LIMITS.emailMaxAttempts);
      expect(t!.last_error).toMatch(/451/);
      expect(stack.smtp.deliveries.filter((d) => d.emailId === permanent || d.emailId === temporary)).toEqual([]);
      row.seen = `550: FAILED after 1 attempt ("${String(p!.last_error).slice(0, 60)}"); 451 throughout: FAILED after ${t!.attempts} attempts ("${String(t!.last_error).slice(0, 60)}")`;
      row.lost = "nothing silently: each mail ends FAILED with the server's reason in the delivery log";
    });
  }, 90_000);

  it("the email service killed mid-send: after a restart every accepted mail is delivered exactly once", async () => {
    const { stack, load } = suite();
    await fault("email service killed (SIGKILL) while a mail was on the wire", async (row) => {
      const acceptedFrom = load.acceptedMail.length;
      let stalledId = 0;
      const stalled = new Promise<void>((resolve) => {
        stack.smtp.onStall = (id) => {
          stalledId = id;
          resolve();
        };
      });
      await stack.smtp.setMode("stall");
      const own = await sendMail("mid-send");
      await stalled;
      // The DATA is on the wire and unanswered: kill now.
      await stack.email.kill("SIGKILL");
      stack.smtp.onStall = undefined;
      const [sending] = await stack.sql(`select status from email.email_logs where id = $1`, [stalledId]);
      expect(sending!.status).toBe("SENDING");
      const killedAt = Date.now();
      await sleep(1_500);
      await stack.smtp.setMode("accept");
      const restartedAt = Date.now();
      await stack.email.start();
      const ids = [...new Set([own, stalledId, ...load.acceptedMail.slice(acceptedFrom)])];
      const ledger = await settledLedger("every accepted mail is sent", 60_000, ids);
      expect(ledger.missing).toEqual([]);
      expect(ledger.sentNotOnce).toEqual([]);
      expect(ledger.failed).toEqual([]);
      expect(ledger.sent).toBe(ids.length);
      const taken = stack.smtp.deliveries.find((d) => d.emailId === stalledId)!;
      // While it was down, sending mail was refused as UNAVAILABLE: nothing was accepted to lose.
      const whileDown = load.window("mail", killedAt + 100, restartedAt);
      expect(whileDown.length).toBeGreaterThan(0);
      for (const s of whileDown) {
        expect(s.status).toBe(200);
        expect(s.codes).toEqual(["UNAVAILABLE"]);
      }
      row.seen =
        `the mail on the wire stayed SENDING; after the restart its lease (${LIMITS.emailLeaseSeconds} s) ran out and ` +
        `another worker sent it ${Math.round((taken.at - restartedAt) / 100) / 10} s after the restart; ` +
        `${whileDown.length} mails sent while email was down got UNAVAILABLE (not accepted, so nothing to lose)`;
      row.lost = `nothing: ${ids.length} accepted mail${ids.length === 1 ? "" : "s"}, each delivered exactly once`;
    });
  }, 120_000);
}

/** Last of all: every mail the steady load had accepted over the whole run, and the notifications' mail. */
export function mailLedgerOfTheRun(): void {
  it("nothing accepted under the whole run was lost or sent twice", async () => {
    const { stack, load } = suite();
    await fault("all of the above, the steady load's mail", async (row) => {
      await stack.smtp.setMode("accept");
      const ids = [...load.acceptedMail, ...notificationMail];
      expect(load.acceptedMail.length).toBeGreaterThan(20);
      const ledger = await settledLedger("the queue drains", 60_000, ids);
      expect(ledger.missing).toEqual([]);
      expect(ledger.sentNotOnce).toEqual([]);
      expect(ledger.deliveredButNotSent).toEqual([]);
      expect(ledger.failedWithoutReason).toEqual([]);
      // Only the mail accepted while SMTP refused for good may have failed, and then with its reason.
      for (const f of ledger.failed) expect(String(f.last_error)).toMatch(/550|451/);
      const sent = ledger.sent;
      row.seen =
        `${load.acceptedMail.length} mails accepted by the steady load and ${notificationMail.length} notification ` +
        `mails: ${sent} sent exactly once, ${ledger.failed.length} FAILED with the SMTP server's reason`;
      row.lost = "nothing";
    });
  }, 90_000);
}
