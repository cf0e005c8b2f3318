import { buildFederatedSchema, type SubgraphSchema } from "@homegraph/common";
import { User } from "./entities/user.entity.js";
import { DevMailboxResolver } from "./resolvers/dev-mailbox.resolver.js";
import { EmailResolver } from "./resolvers/email.resolver.js";
import { EmailPreferencesResolver } from "./resolvers/preferences.resolver.js";
import { EmailTemplateResolver } from "./resolvers/template.resolver.js";
import { UserMailResolver } from "./resolvers/user-email.resolver.js";
import { UserEmailResolver } from "./resolvers/user.resolver.js";

export function buildEmailSchema(): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    resolvers: [
      UserEmailResolver,
      UserMailResolver,
      EmailResolver,
      EmailTemplateResolver,
      EmailPreferencesResolver,
      DevMailboxResolver,
    ],
    orphanedTypes: [User],
    referenceResolvers: { User: (ref) => ({ id: String(ref.id) }) },
  });
}
