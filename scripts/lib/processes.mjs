// The process-group helper for the ESM scripts (start.mjs and what it is split into): the one
// implementation is processes.cjs, which the tests' CommonJS runtime loads as well.
export * from "./processes.cjs";
