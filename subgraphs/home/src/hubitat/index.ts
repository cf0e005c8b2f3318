export * from "./config.js";
export * from "./errors.js";
export * from "./event-socket.js";
export * from "./events.js";
export * from "./maker-api.client.js";
export * from "./normalize.js";
export * from "./types.js";
