import { buildFederatedSchema, type SubgraphSchema } from "@homegraph/common";
import type { AuthContext } from "./context.js";
import { AdminResolver } from "./resolvers/admin.resolver.js";
import { ApiTokenResolver } from "./resolvers/api-token.resolver.js";
import { EmailChangeResolver } from "./resolvers/email-change.resolver.js";
import { GuestPassResolver } from "./resolvers/guest-pass.resolver.js";
import { AuthResolver } from "./resolvers/auth.resolver.js";
import { PasskeyResolver } from "./resolvers/passkey.resolver.js";
import { SecondFactorResolver } from "./resolvers/second-factor.resolver.js";
import { UserResolver } from "./resolvers/user.resolver.js";

export function buildAuthSchema(): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    resolvers: [
      UserResolver,
      AuthResolver,
      SecondFactorResolver,
      PasskeyResolver,
      AdminResolver,
      ApiTokenResolver,
      EmailChangeResolver,
      GuestPassResolver,
    ],
    referenceResolvers: {
      User: (ref, ctx) => (ctx as AuthContext).loaders.user.load(Number(ref.id)),
    },
  });
}
