import { bootService } from "@homegraph/common";
import { createApp } from "./app.js";
import { configFromEnv } from "./config.js";

bootService("gateway", () => createApp(configFromEnv()));
