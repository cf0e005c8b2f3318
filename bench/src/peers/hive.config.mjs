// Hive Gateway's configuration for the benchmark: its defaults, plus forwarding the caller's
// Authorization header to the subgraphs, as Homegraph's gateway does.
import { defineConfig } from "@graphql-hive/gateway";

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request.headers.get("authorization");
      return authorization ? { authorization } : {};
    },
  },
  logging: "error",
});
