// The web app's jsdom test environment, plus one fix: it hands jsdom Node's AbortController (so
// react-router's Request accepts its signals), but jsdom's addEventListener refuses a signal that
// is not its own, and Mantine's notifications (swipe to dismiss) pass one. Here a foreign signal
// still removes the listener when it aborts, as a browser would.
const Base = require("../test/jsdom-environment.cjs");

class EnvironmentWithForeignSignals extends Base {
  constructor(config, context) {
    super(config, context);
    const proto = this.global.EventTarget.prototype;
    const add = proto.addEventListener;
    const JsdomSignal = this.global.AbortSignal === globalThis.AbortSignal ? undefined : this.global.AbortSignal;
    proto.addEventListener = function (type, listener, options) {
      const signal = options && typeof options === "object" ? options.signal : undefined;
      if (!signal || (JsdomSignal && signal instanceof JsdomSignal)) return add.call(this, type, listener, options);
      if (signal.aborted) return undefined;
      const { signal: _foreign, ...rest } = options;
      add.call(this, type, listener, rest);
      signal.addEventListener("abort", () => this.removeEventListener(type, listener, rest), { once: true });
      return undefined;
    };
  }
}

module.exports = EnvironmentWithForeignSignals;
