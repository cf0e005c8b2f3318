// The order test files start in. Jest's own order, on a clone with no timings cached, is by file
// size, which started the fault suite (under three minutes, a small file) last: one worker of two
// then ran it alone for minutes while the other had nothing left. The longest files start first
// (most of their time is waiting: a guest pass running out, faults recovering, browsers), so the
// short ones fill in beside them; the rest keep Jest's order.
const Sequencer = require("@jest/test-sequencer").default;
const path = require("node:path");

/** Longest first, as CI timed them (seconds in a run of 2026-12-05). */
const FIRST = [
  "test/faults/faults.test.ts", // 162
  "test/web/guest-pass.e2e.test.ts", // 149
  "test/web/screens.e2e.test.ts", // 91
  "test/web.e2e.test.ts", // 62
  "test/web/pwa.e2e.test.ts", // 42
  "test/web/sign-in.e2e.test.ts", // 42
  "test/start.test.ts", // 38
  "test/tracing.e2e.test.ts", // 33
  "test/web/passkey.e2e.test.ts", // 31
  "test/email.e2e.test.ts", // 30
  "subgraphs/home/src/lock-codes.test.ts", // 26
  "subgraphs/email/src/delivery.test.ts", // 25
  "subgraphs/email/src/notifications.test.ts", // 23
  "test/automations.e2e.test.ts", // 22
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const at = FIRST.indexOf(path.relative(test.context.config.rootDir, test.path).split(path.sep).join("/"));
      return at === -1 ? FIRST.length : at;
    };
    const order = (list) => [...list].sort((a, b) => rank(a) - rank(b));
    const sorted = super.sort(tests);
    return Array.isArray(sorted) ? order(sorted) : sorted.then(order);
  }
}

module.exports = LongestFirst;
