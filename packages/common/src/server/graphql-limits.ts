import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ApolloServerPlugin } from "@apollo/server";
import type { NextFunction, Request, Response } from "express";
import type { ServerResponse } from "node:http";
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from "graphql";
import { z } from "zod";
import { positiveInt } from "../config/config.js";
import { ErrorCode } from "../errors/errors.js";
import { sendGraphQLError } from "./http-errors.js";

/**
 * Limits on what one GraphQL request may ask for, checked while parsing and validating, so an
 * abusive operation is refused before any resolver runs. Every service reads the same variables.
 */
export const graphqlLimitsEnvSchema = z.object({
  GRAPHQL_MAX_DEPTH: positiveInt(12),
  GRAPHQL_MAX_ALIASES: positiveInt(15),
  GRAPHQL_MAX_DIRECTIVES: positiveInt(20),
  GRAPHQL_MAX_COST: positiveInt(5000),
  GRAPHQL_MAX_TOKENS: positiveInt(3000),
  GRAPHQL_MAX_BATCH: positiveInt(10),
  BODY_LIMIT_KB: positiveInt(100),
});

export interface GraphQLLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  maxTokens: number;
  /** Operations in one batched (JSON array) request; 1 turns batching off. */
  maxBatch: number;
  bodyLimitKb: number;
}

export function graphqlLimitsFrom(env: z.infer<typeof graphqlLimitsEnvSchema>): GraphQLLimits {
  return {
    maxDepth: env.GRAPHQL_MAX_DEPTH,
    maxAliases: env.GRAPHQL_MAX_ALIASES,
    maxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
    maxCost: env.GRAPHQL_MAX_COST,
    maxTokens: env.GRAPHQL_MAX_TOKENS,
    maxBatch: env.GRAPHQL_MAX_BATCH,
    bodyLimitKb: env.BODY_LIMIT_KB,
  };
}

export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = graphqlLimitsFrom(graphqlLimitsEnvSchema.parse({}));

/** `extensions.reason` of a refusal, so a client (and the security suite) can tell which limit it hit. */
export const LimitReason = {
  MAX_DEPTH: "MAX_DEPTH",
  MAX_ALIASES: "MAX_ALIASES",
  MAX_DIRECTIVES: "MAX_DIRECTIVES",
  MAX_COST: "MAX_COST",
  MAX_TOKENS: "MAX_TOKENS",
  MAX_BATCH: "MAX_BATCH",
  BODY_TOO_LARGE: "BODY_TOO_LARGE",
} as const;

const reject =
  (reason: string) =>
  (ctx: ValidationContext | null, error: GraphQLError): void => {
    ctx?.reportError(new GraphQLError(error.message, { extensions: { code: ErrorCode.BAD_USER_INPUT, reason } }));
  };

/**
 * GraphQL Armor's rules for Apollo Server. `hideSchema` also masks "Did you mean ...?" suggestions,
 * which would otherwise spell out a schema that introspection keeps hidden.
 */
export function graphqlArmor(
  limits: GraphQLLimits,
  hideSchema: boolean,
): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const on = (reason: string) => ({ propagateOnRejection: false, onReject: [reject(reason)] });
  const { plugins, validationRules } = new ApolloArmor({
    blockFieldSuggestion: { enabled: hideSchema },
    maxDepth: { n: limits.maxDepth, ...on(LimitReason.MAX_DEPTH) },
    maxAliases: { n: limits.maxAliases, ...on(LimitReason.MAX_ALIASES) },
    maxDirectives: { n: limits.maxDirectives, ...on(LimitReason.MAX_DIRECTIVES) },
    costLimit: { maxCost: limits.maxCost, ...on(LimitReason.MAX_COST) },
    // Armor's token limit throws inside Apollo's parsing hook, which Apollo answers with a 500:
    // requestLimits below counts tokens before Apollo instead.
    maxTokens: { enabled: false },
  }).protect();
  return { plugins, validationRules };
}

/** Whether `query` has more than `max` lexical tokens; stops counting at max + 1. Syntax errors are Apollo's to report. */
function tooManyTokens(query: unknown, max: number): boolean {
  if (typeof query !== "string") return false;
  const lexer = new Lexer(new Source(query));
  try {
    for (let n = 0; lexer.advance().kind !== TokenKind.EOF;) if (++n > max) return true;
  } catch {
    return false;
  }
  return false;
}

/**
 * Refuses, before Apollo sees it, a batched request (a JSON array of operations) longer than the
 * limit and any operation with more tokens than the limit (the parser's own work is the cost).
 */
export function requestLimits(limits: GraphQLLimits) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!refusedByLimits(req.body, limits, res)) next();
  };
}

/** requestLimits' check on a parsed body: true when it refused (the answer is sent). */
export function refusedByLimits(body: unknown, limits: GraphQLLimits, res: ServerResponse): boolean {
  const operations: unknown[] = Array.isArray(body) ? body : [body];
  if (operations.length > limits.maxBatch) {
    sendGraphQLError(
      res,
      ErrorCode.BAD_USER_INPUT,
      `At most ${limits.maxBatch} operations may be sent in one batch; this one has ${operations.length}.`,
      { reason: LimitReason.MAX_BATCH },
    );
    return true;
  }
  const query = (op: unknown) => (op && typeof op === "object" ? (op as { query?: unknown }).query : undefined);
  if (operations.some((op) => tooManyTokens(query(op), limits.maxTokens))) {
    sendGraphQLError(res, ErrorCode.BAD_USER_INPUT, `The operation is too long: at most ${limits.maxTokens} tokens.`, {
      reason: LimitReason.MAX_TOKENS,
    });
    return true;
  }
  return false;
}
