/**
 * Roles, most trusted first. A GUEST is someone the household lets in for a while (a guest pass):
 * signed in, but not a member of the household, so no check meant for members lets them in.
 */
export const ROLES = ["ADMIN", "MEMBER", "GUEST"] as const;
export type Role = (typeof ROLES)[number];

/** The people of the household proper: what `@Authorized()` without a role admits. */
export const HOUSEHOLD_ROLES: readonly Role[] = ["ADMIN", "MEMBER"];

/** How much a role is trusted: a role passes every check a less trusted one passes. */
export function roleRank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

/**
 * The role of a token the auth service mints for a Homegraph service's own calls (`sub:
 * "service:<name>"`). It names no person, so no user field, role check or `@Authorized` lets it in;
 * only the endpoints that ask for it with `requireService` do.
 */
export const SERVICE_ROLE = "SERVICE" as const;
export type ServiceRole = typeof SERVICE_ROLE;

/** Who is calling, as proven by a verified access token. Never built from a plain header. */
export interface Identity {
  /** 0 for a service. */
  userId: number;
  sessionId: string;
  role: Role | ServiceRole;
  tokenId: string;
  expiresAt: Date;
  /**
   * When the person last proved a factor (password at sign-in, a step-up), from the token's
   * `auth_time` claim. A refreshed token keeps the sign-in's time: only proof moves it.
   */
  authTime?: Date;
  /** The household's policy wants a second factor and the grace is over: only enrolment is open (`enrol` claim). */
  enrolmentOnly?: boolean;
  /** The calling service's name (`auth`, `email`) when the token is a service token. */
  service?: string;
}

/** Checks an `Authorization` header: `undefined` for an anonymous caller, throws for a bad token. */
export interface IdentityVerifier {
  verify(authorization?: string): Promise<Identity | undefined>;
  /** Loads keys and revocations in the background; resolves once the first attempt is over. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
