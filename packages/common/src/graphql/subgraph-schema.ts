import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import type { GraphQLSchema } from "graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import gql from "graphql-tag";
import { authChecker } from "../auth/auth-checker.js";
import { buildSchema, createResolversMap, type BuildSchemaOptions } from "type-graphql";

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override"])';

/** `__resolveReference` for each entity type this subgraph can resolve by key. */
export type ReferenceResolvers = Record<
  string,
  (reference: Record<string, unknown>, context: unknown, info: unknown) => unknown
>;

export interface SubgraphSchemaOptions extends Omit<BuildSchemaOptions, "skipCheck"> {
  referenceResolvers?: ReferenceResolvers;
}

export interface SubgraphSchema {
  schema: GraphQLSchema;
  /** The subgraph's SDL as composition sees it (with the federation `@link`). */
  sdl: string;
}

/**
 * type-graphql builds a plain schema; federation needs the SDL with its directives and the
 * `_entities` machinery from @apollo/subgraph. This is the one place that bridges the two.
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<SubgraphSchema> {
  const { referenceResolvers = {}, ...buildOptions } = options;
  // `@Authorized` is enforced the same way in every subgraph unless a caller brings its own checker.
  // type-graphql refuses `@Subscription` without a pub/sub; printing the SDL needs none that works.
  const plain = await buildSchema({
    authChecker,
    ...buildOptions,
    pubSub: buildOptions.pubSub ?? createPubSub(),
    skipCheck: true,
  } as BuildSchemaOptions);
  const typeDefs = gql(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(plain)}`);
  const resolvers = createResolversMap(plain) as GraphQLResolverMap<unknown>;
  for (const [typeName, resolveReference] of Object.entries(referenceResolvers)) {
    const existing = (resolvers[typeName] ?? {}) as Record<string, unknown>;
    resolvers[typeName] = { ...existing, __resolveReference: resolveReference } as never;
  }
  const schema = buildSubgraphSchema({ typeDefs, resolvers });
  return { schema, sdl: printSubgraphSchema(schema) };
}
