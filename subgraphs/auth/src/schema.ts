import { buildFederatedSchema, type SubgraphSchema } from "@homegraph/common";
import type { AuthContext } from "./context.js";
import { UserResolver } from "./resolvers/user.resolver.js";

export function buildAuthSchema(): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    resolvers: [UserResolver],
    referenceResolvers: {
      User: (ref, ctx) => (ctx as AuthContext).loaders.user.load(Number(ref.id)),
    },
  });
}
