#!/usr/bin/env node
// The stock peer: @apollo/gateway with its default settings behind Apollo Server's standalone
// server, serving the supergraph at SUPERGRAPH_PATH. Forwards the caller's Authorization header to
// the subgraphs, as Homegraph's gateway does, and nothing else.
//   SUPERGRAPH_PATH=… PORT=… node bench/src/peers/apollo-gateway.mjs
import { readFileSync } from "node:fs";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH, "utf8"),
  buildService: ({ url }) =>
    new RemoteGraphQLDataSource({
      url,
      willSendRequest({ request, context }) {
        if (context.authorization) request.http.headers.set("authorization", context.authorization);
      },
    }),
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT), host: "127.0.0.1" },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`stock @apollo/gateway ready at ${url}`);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.stop().then(() => process.exit(0)));
}
