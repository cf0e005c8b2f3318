import { buildFederatedSchema, type SubgraphSchema } from "@homegraph/common";
import { User } from "./entities/user.entity.js";
import { UserEmailResolver } from "./resolvers/user.resolver.js";

export function buildEmailSchema(): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    resolvers: [UserEmailResolver],
    orphanedTypes: [User],
    referenceResolvers: { User: (ref) => ({ id: String(ref.id) }) },
  });
}
