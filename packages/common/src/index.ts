import "reflect-metadata";

export * from "./config/config.js";
export * from "./logging/logger.js";
export * from "./errors/errors.js";
export * from "./graphql/subgraph-schema.js";
export * from "./db/orm.js";
export * from "./db/databases.js";
export * from "./db/embedded-postgres.js";
export * from "./health/health.js";
export * from "./server/request-context.js";
export * from "./server/service-server.js";
export * from "./server/http-errors.js";
export * from "./server/shutdown.js";
export * from "./graphql/context.js";
export * from "./server/subgraph.js";
export * from "./auth/index.js";
export * from "./clients/service-client.js";
export * from "./graphql/pagination.js";
