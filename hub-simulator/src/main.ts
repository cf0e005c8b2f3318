import { bootService } from "@homegraph/common";
import { createSimulator } from "./app.js";
import { configFromEnv } from "./config.js";

bootService("hub-simulator", () => createSimulator(configFromEnv()));
