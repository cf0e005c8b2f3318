import { bootService } from "@homegraph/common";
import { createApp } from "./app.js";
import { configFromEnv } from "./config.js";

bootService("auth", () => createApp(configFromEnv()));
