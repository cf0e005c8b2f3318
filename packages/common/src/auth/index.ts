export * from "./identity.js";
export * from "./keys.js";
export * from "./revocations.js";
export * from "./verifier.js";
export * from "./remote.js";
export * from "./auth-checker.js";
export * from "./middleware.js";
export * from "./service-token.js";
