import { createServiceTokenSource, resolveServiceSecret } from "../auth/service-token.js";
import type { Role } from "../auth/identity.js";
import type { Logger } from "../logging/logger.js";
import { createServiceClient, type ServiceClient } from "./service-client.js";

export interface AsServiceOptions {
  /** The calling service's name, as its service tokens carry it. */
  service: string;
  authUrl: string;
  serviceSecret?: string;
  nodeEnv: string;
  dataDir: string;
  logger: Logger;
}

/**
 * Resilient clients that call other Homegraph services as `service`: each call carries a
 * short-lived service token obtained from auth (and renewed before it expires).
 */
export function serviceClientsAs(options: AsServiceOptions): (target: string, baseUrl: string) => ServiceClient {
  const { logger } = options;
  const token = createServiceTokenSource({
    authUrl: options.authUrl,
    service: options.service,
    secret: resolveServiceSecret({
      secret: options.serviceSecret,
      nodeEnv: options.nodeEnv,
      dataDir: options.dataDir,
      logger,
    }),
    logger,
  });
  const headers = async () => ({ authorization: `Bearer ${await token()}` });
  return (target, baseUrl) => createServiceClient({ target, baseUrl, logger, headers });
}

/** A person of the household as auth's internal directory lists them. */
export interface DirectoryUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
}

/** The household's active people, of one role or all, from auth's directory (service tokens only). */
export async function listHouseholdUsers(auth: ServiceClient, role?: Role): Promise<DirectoryUser[]> {
  const { body } = await auth.get<{ users: DirectoryUser[] }>("/internal/users", { query: { role } });
  return body.users;
}

/** What a subgraph's config carries for calling its peers as itself. */
export interface ServiceIdentityConfig {
  identity: { url: string };
  serviceSecret?: string;
  nodeEnv: string;
  dataDir: string;
}

/** serviceClientsAs, from a subgraph's own config. */
export function serviceClientsFor(
  service: string,
  config: ServiceIdentityConfig,
  logger: Logger,
): (target: string, baseUrl: string) => ServiceClient {
  const { identity, serviceSecret, nodeEnv, dataDir } = config;
  return serviceClientsAs({ service, authUrl: identity.url, serviceSecret, nodeEnv, dataDir, logger });
}
