/** One jest run over every workspace; each test file gets its own database (see test/setup). */
const swc = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: "es2022",
    },
    module: { type: "commonjs" },
    sourceMaps: "inline",
  },
];

// The web app's component tests: TSX with React's automatic runtime, run in jsdom (each test file
// says so in its docblock) next to every other test, so one run counts them all.
const swcTsx = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", tsx: true },
      transform: { react: { runtime: "automatic" } },
      target: "es2022",
    },
    module: { type: "commonjs" },
    sourceMaps: "inline",
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.tsx$": swcTsx, "^.+\\.(t|j)sx?$": swc },
  // jsdom would pick packages' "browser" (ESM) builds, which jest cannot load untransformed.
  testEnvironmentOptions: { customExportConditions: ["node", "require", "default"] },
  moduleNameMapper: {
    "^@homegraph/common$": "<rootDir>/packages/common/src/index.ts",
    "^(\\.{1,2}/.*)\\.js$": "$1",
    "\\.css$": "<rootDir>/web/src/test/style-stub.cjs",
  },
  testMatch: ["<rootDir>/**/src/**/*.test.ts", "<rootDir>/web/src/**/*.test.tsx", "<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  setupFiles: ["<rootDir>/web/src/test/jsdom-globals.ts"],
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  testSequencer: "<rootDir>/test/sequencer.cjs",
  testTimeout: 60_000,
  maxWorkers: 2,
};
