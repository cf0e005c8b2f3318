// Renders the services' pino JSON lines for a person at a terminal: a coloured, fixed-width prefix per
// service, then time, level word, message and the remaining fields compact. pino-pretty cannot print
// this line (scripts/README.md says where it differs).
import { inspect } from "node:util";

const CODES = {
  reset: "\x1b[0m",
  bold: "\x1b[1m",
  dim: "\x1b[2m",
  red: "\x1b[31m",
  green: "\x1b[32m",
  yellow: "\x1b[33m",
  blue: "\x1b[34m",
  magenta: "\x1b[35m",
  cyan: "\x1b[36m",
  gray: "\x1b[90m",
};

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org); FORCE_COLOR wins. */
export function colorEnabled(stream = process.stdout, env = process.env) {
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY);
}

export function paint(enabled, color, text) {
  return enabled && CODES[color] ? `${CODES[color]}${text}${CODES.reset}` : text;
}

const LEVELS = {
  10: ["TRACE", "gray"],
  20: ["DEBUG", "gray"],
  30: ["INFO", "green"],
  40: ["WARN", "yellow"],
  50: ["ERROR", "red"],
  60: ["FATAL", "red"],
};

/** Fields every line carries or that the prefix already says. */
const HIDDEN = new Set(["level", "time", "msg", "pid", "hostname", "v"]);

function clock(time) {
  const date = time === undefined ? new Date() : new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  const two = (n) => String(n).padStart(2, "0");
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

function compact(value) {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return inspect(value, { breakLength: Infinity, depth: 4 });
  }
}

/** A pino record when the line is one, else undefined. */
export function parsePinoLine(line) {
  if (!line.startsWith("{")) return undefined;
  try {
    const record = JSON.parse(line);
    return record && typeof record === "object" && typeof record.level === "number" ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One record as display lines (more than one when it carries an error's stack). `service` is the
 * prefix's name: a `service` field equal to it says nothing new.
 */
export function renderRecord(record, { service, color = false } = {}) {
  const [word, levelColor] = LEVELS[record.level] ?? [`L${record.level}`, "gray"];
  const fields = [];
  let stack;
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN.has(key) || (key === "service" && value === service)) continue;
    if ((key === "err" || key === "error") && value && typeof value === "object" && typeof value.stack === "string") {
      fields.push(`${key}=${compact(value.message ?? value.type ?? "error")}`);
      stack = value.stack;
      continue;
    }
    fields.push(`${key}=${compact(value)}`);
  }
  // A message with newlines (Apollo Gateway's "loaded schema" has some) continues on indented lines.
  const [msg, ...more] = (record.msg === undefined ? "" : String(record.msg)).split(/\r?\n/);
  const head = [
    paint(color, "dim", clock(record.time)),
    paint(color, levelColor, word.padEnd(5)),
    record.level >= 50 ? paint(color, "red", msg) : msg,
    fields.length ? paint(color, "gray", fields.join(" ")) : "",
  ]
    .filter((part) => part !== "")
    .join(" ");
  const lines = [head, ...more.filter((l) => l.trim()).map((l) => `    ${l.trim()}`)];
  if (stack) {
    // The first line of a stack repeats the message already shown.
    for (const frame of stack.split("\n").slice(1)) lines.push(paint(color, "dim", `    ${frame.trim()}`));
  }
  return lines;
}

const SERVICE_COLORS = ["cyan", "magenta", "green", "blue", "yellow"];

/**
 * Prefixes per service name, all as wide as the longest name so the columns line up:
 * `auth     │ `. Colours are assigned in the order names are given.
 */
export function createPrefixer(names, { color = false, own = "start" } = {}) {
  const width = Math.max(...names.map((n) => n.length), own.length);
  const colors = new Map(names.map((name, i) => [name, SERVICE_COLORS[i % SERVICE_COLORS.length]]));
  colors.set(own, "bold");
  return (name) => paint(color, colors.get(name) ?? "gray", name.padEnd(width)) + paint(color, "gray", " │ ");
}

/** Display lines for one raw output line of `service`: pino JSON rendered, anything else as is. */
export function formatLine(line, { service, prefix, color = false }) {
  const record = parsePinoLine(line);
  const body = record ? renderRecord(record, { service, color }) : [line];
  return body.map((text) => prefix + text);
}
