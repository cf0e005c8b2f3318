// jsdom with the fetch-era globals Node has and jsdom lacks (react-router's navigation builds a
// Request; the app's TextEncoder checks passwords in bytes). Web component tests name it in
// their docblock: `@jest-environment ./web/src/test/jsdom-environment.cjs`.
//
// Node's AbortController comes along with Request, but jsdom's addEventListener refuses a signal
// that is not its own, and Mantine's notifications (swipe to dismiss) pass one: a foreign signal
// here still removes the listener when it aborts, as a browser would.
const { TestEnvironment } = require("jest-environment-jsdom");

class HomegraphDomEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ["Request", "Response", "Headers", "fetch", "TextEncoder", "TextDecoder", "ReadableStream"]) {
      if (!(name in this.global)) this.global[name] = globalThis[name];
    }
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

module.exports = HomegraphDomEnvironment;
