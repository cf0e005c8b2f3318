// Hive Gateway's configuration for the benchmark: its defaults, plus forwarding the caller's
// Authorization header to the subgraphs, as Homegraph's gateway does, and subscriptions to the home
// subgraph over graphql-ws (as Homegraph's gateway carries them), with the token the client gave
// in its connectionParams: home's graphql-ws server reads `connectionParams.authorization`.
import { defineConfig } from "@graphql-hive/gateway";

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request?.headers?.get("authorization");
      return authorization ? { authorization } : {};
    },
  },
  transportEntries: {
    home: {
      options: {
        subscriptions: {
          kind: "ws",
          location: "/graphql",
          options: { connectionParams: { authorization: "{context.connectionParams.authorization}" } },
        },
      },
    },
  },
  logging: "error",
});
