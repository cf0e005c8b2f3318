import { buildFederatedSchema, type ServicePubSub, type SubgraphSchema } from "@homegraph/common";
import { User } from "./entities/user.entity.js";
import { ActivityResolver } from "./resolvers/activity.resolver.js";
import { BulkProgressResolver } from "./resolvers/bulk-progress.resolver.js";
import { DevMailboxResolver } from "./resolvers/dev-mailbox.resolver.js";
import { EmailResolver } from "./resolvers/email.resolver.js";
import { EmailPreferencesResolver } from "./resolvers/preferences.resolver.js";
import { EmailTemplateResolver } from "./resolvers/template.resolver.js";
import { InboxResolver } from "./resolvers/inbox.resolver.js";
import { NotificationSettingsResolver } from "./resolvers/notification-settings.resolver.js";
import { PushResolver } from "./resolvers/push.resolver.js";
import { UserMailResolver } from "./resolvers/user-email.resolver.js";
import { UserEmailResolver } from "./resolvers/user.resolver.js";

/** `pubSub`: the service's own (Redis across replicas); omitted when only the SDL is wanted. */
export function buildEmailSchema(pubSub?: ServicePubSub): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    pubSub,
    resolvers: [
      UserEmailResolver,
      UserMailResolver,
      EmailResolver,
      EmailTemplateResolver,
      EmailPreferencesResolver,
      DevMailboxResolver,
      BulkProgressResolver,
      InboxResolver,
      NotificationSettingsResolver,
      PushResolver,
      ActivityResolver,
    ],
    orphanedTypes: [User],
    referenceResolvers: { User: (ref) => ({ id: String(ref.id) }) },
  });
}
