import { buildFederatedSchema, type SubgraphSchema } from "@homegraph/common";
import { DeviceResolver, UserDevicesResolver } from "./resolvers/device.resolver.js";

export function buildHomeSchema(): Promise<SubgraphSchema> {
  return buildFederatedSchema({
    resolvers: [DeviceResolver, UserDevicesResolver],
    referenceResolvers: { User: (ref) => ({ id: String(ref.id) }) },
  });
}
