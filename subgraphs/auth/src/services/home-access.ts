import { AppError, BadUserInputError, ErrorCode, type Logger, type ServiceClient } from "@homegraph/common";

/** What `applyGuestPassAccess` hands the home service (the lock code only here, never stored). */
export interface GuestPassGrant {
  passId: string;
  guestUserId: number;
  validFrom: Date;
  validUntil: Date;
  rooms: { room: string; level: "VIEW" | "CONTROL" }[];
  devices: { deviceId: string; level: "VIEW" | "CONTROL" }[];
  lockCode: { deviceId: string; code: string; name: string } | null;
}

/**
 * The home service's side of a guest pass: it owns rooms, devices, grants and lock codes. Both
 * calls are idempotent by pass id. Failures: HOME_UNAVAILABLE when home could not be reached or
 * failed; BAD_USER_INPUT (with home's message) when home refused what was asked (an unknown room).
 */
export interface HomeAccessPort {
  applyGuestPassAccess(grant: GuestPassGrant): Promise<void>;
  revokeGuestPassAccess(passId: string): Promise<void>;
}

const HOME_UNAVAILABLE =
  "The home service is not reachable, so the guest's access could not be set up. Nothing was saved; try again shortly.";

interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { code?: unknown; field?: unknown } }[];
}

/** A GraphQL string literal: JSON's escaping is a subset GraphQL reads alike. */
const str = (s: string) => JSON.stringify(s);

/**
 * `HomeAccessPort` over the home subgraph's /graphql with auth's own service token. Rooms, devices
 * and times go inline (their input type names are home's business); the lock code goes as a
 * String variable, so it is in no document anyone might log.
 */
export class HomeGraphqlAccess implements HomeAccessPort {
  constructor(
    private readonly home: ServiceClient,
    private readonly logger: Logger,
  ) {}

  async applyGuestPassAccess(grant: GuestPassGrant): Promise<void> {
    const rooms = grant.rooms.map((r) => `{ room: ${str(r.room)}, level: ${r.level} }`).join(", ");
    const devices = grant.devices.map((d) => `{ deviceId: ${str(d.deviceId)}, level: ${d.level} }`).join(", ");
    const lock = grant.lockCode
      ? `, lockCode: { deviceId: ${str(grant.lockCode.deviceId)}, code: $code, name: $codeName }`
      : "";
    const query = `mutation ApplyGuestPassAccess${grant.lockCode ? "($code: String!, $codeName: String!)" : ""} {
  applyGuestPassAccess(input: { passId: ${str(grant.passId)}, guestUserId: ${str(String(grant.guestUserId))},
    validFrom: ${str(grant.validFrom.toISOString())}, validUntil: ${str(grant.validUntil.toISOString())},
    rooms: [${rooms}], devices: [${devices}]${lock} }) }`;
    const variables = grant.lockCode ? { code: grant.lockCode.code, codeName: grant.lockCode.name } : {};
    await this.call("applyGuestPassAccess", query, variables, `guest-pass:${grant.passId}:apply`);
  }

  async revokeGuestPassAccess(passId: string): Promise<void> {
    const query = `mutation RevokeGuestPassAccess { revokeGuestPassAccess(passId: ${str(passId)}) }`;
    await this.call("revokeGuestPassAccess", query, {}, `guest-pass:${passId}:revoke`);
  }

  private async call(field: string, query: string, variables: Record<string, unknown>, key: string): Promise<void> {
    let body: GraphQLAnswer;
    try {
      ({ body } = await this.home.post<GraphQLAnswer>("/graphql", { query, variables }, { idempotencyKey: key }));
    } catch (err) {
      throw this.refusal(field, err as Error);
    }
    const first = body?.errors?.[0];
    if (first || body?.data?.[field] !== true) {
      const code = first?.extensions?.code;
      if (code === ErrorCode.BAD_USER_INPUT || code === ErrorCode.NOT_FOUND) {
        const field = typeof first?.extensions?.field === "string" ? first.extensions.field : undefined;
        throw new BadUserInputError(`The home service refused the pass: ${first?.message ?? "invalid input"}`, field);
      }
      this.logger.warn({ operation: field, code, message: first?.message }, "home refused a guest pass call");
      throw new AppError(ErrorCode.HOME_UNAVAILABLE, HOME_UNAVAILABLE);
    }
  }

  /** A transport failure, a 5xx, or a document home does not accept (its schema lacks the call): not the admin's input. */
  private refusal(field: string, err: Error): AppError {
    const code = (err as Partial<AppError>).code;
    this.logger.warn({ operation: field, code, err: err.message }, "home unavailable for a guest pass call");
    return new AppError(ErrorCode.HOME_UNAVAILABLE, HOME_UNAVAILABLE);
  }
}
