// jsdom with the fetch-era globals Node has and jsdom lacks (react-router's navigation builds a
// Request; the app's TextEncoder checks passwords in bytes). Web component tests name it in
// their docblock: `@jest-environment ./web/src/test/jsdom-environment.cjs`.
const { TestEnvironment } = require("jest-environment-jsdom");

class HomegraphDomEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ["Request", "Response", "Headers", "fetch", "TextEncoder", "TextDecoder", "ReadableStream"]) {
      if (!(name in this.global)) this.global[name] = globalThis[name];
    }
  }
}

module.exports = HomegraphDomEnvironment;
