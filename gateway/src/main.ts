import { bootService, closingTracing, startTracing } from "@homegraph/common";
import { configFromEnv } from "./config.js";

bootService("gateway", async () => {
  const config = configFromEnv();
  // Before the app's modules load, so that its HTTP, fetch and Express calls are traced.
  const tracing = config.tracing && startTracing(config.tracing);
  const { createApp } = await import("./app.js");
  return closingTracing(await createApp(config), tracing);
});
