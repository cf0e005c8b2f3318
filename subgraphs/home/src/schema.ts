import { buildFederatedSchema, type ServicePubSub, type SubgraphSchema } from "@homegraph/common";
import { AccessResolver, UserAccessResolver } from "./resolvers/access.resolver.js";
import { AutomationResolver } from "./resolvers/automation.resolver.js";
import { CommandResolver } from "./resolvers/command.resolver.js";
import { DeviceEventResolver, DeviceResolver, RoomResolver, UserDevicesResolver } from "./resolvers/device.resolver.js";
import { HsmResolver } from "./resolvers/hsm.resolver.js";
import { HistoryResolver } from "./resolvers/history.resolver.js";
import { FavoriteResolver } from "./resolvers/favorite.resolver.js";
import { HubResolver } from "./resolvers/hub.resolver.js";
import { LockCodeResolver } from "./resolvers/lock-code.resolver.js";
import { DeviceSubscriptionResolver } from "./resolvers/subscription.resolver.js";

/** `pubSub`: the service's own (Redis across replicas); omitted when only the SDL is wanted. */
export function buildHomeSchema(pubSub?: ServicePubSub): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    pubSub,
    resolvers: [
      DeviceResolver,
      FavoriteResolver,
      RoomResolver,
      DeviceEventResolver,
      UserDevicesResolver,
      HubResolver,
      HsmResolver,
      HistoryResolver,
      CommandResolver,
      DeviceSubscriptionResolver,
      AutomationResolver,
      AccessResolver,
      UserAccessResolver,
      LockCodeResolver,
    ],
    // `role` arrives when the gateway resolves `homeAccess`, which @requires it from auth.
    referenceResolvers: {
      User: (ref) => ({ id: String(ref.id), ...(typeof ref.role === "string" ? { role: ref.role } : {}) }),
    },
  });
}
