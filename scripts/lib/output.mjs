// What `npm start` prints: its own lines and every child's, one stream, each line under the
// prefix of whoever said it.
import { colorEnabled, createPrefixer, formatLine, paint } from "./log-format.mjs";

const OWN = "start";

export class Output {
  /** Who printed the latest line: a dead child's last lines are repeated only when others came after them. */
  lastSpeaker;

  /** `names`: every child's name, in the order their prefix colours are given. */
  constructor(names, stream = process.stdout) {
    this.stream = stream;
    this.color = colorEnabled(stream);
    this.prefixFor = createPrefixer(names, { color: this.color, own: OWN });
  }

  /** The orchestrator's own log line, in the same shape as the services'. */
  say(msg, level = 30) {
    this.lastSpeaker = OWN;
    const record = { level, time: new Date().toISOString(), msg };
    this.#write(OWN, JSON.stringify(record));
  }

  /** A line that must stand out (a child died): red, under the orchestrator's prefix. */
  alert(text) {
    this.stream.write(`${this.prefixFor(OWN)}${paint(this.color, "red", text)}\n`);
  }

  /** Receives a child's raw output lines. */
  lineWriter(name) {
    return (line) => {
      this.lastSpeaker = name;
      this.#write(name, line);
    };
  }

  /** A dead child's last lines, to show why it died. */
  printLastLines(handle) {
    const lines = handle.tail.lines.slice(-15);
    if (!lines.length) return;
    this.say(`last lines of ${handle.name}:`, 50);
    for (const line of lines) this.lineWriter(handle.name)(line);
  }

  #write(name, line) {
    for (const out of formatLine(line, { service: name, prefix: this.prefixFor(name), color: this.color })) {
      this.stream.write(out + "\n");
    }
  }
}
