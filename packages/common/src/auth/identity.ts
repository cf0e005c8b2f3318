/** GUEST: someone holding a guest pass (auth's guest passes); never a household person. */
export const ROLES = ["ADMIN", "MEMBER", "GUEST"] as const;
export type Role = (typeof ROLES)[number];

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
