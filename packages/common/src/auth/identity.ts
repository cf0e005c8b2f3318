export const ROLES = ["ADMIN", "MEMBER"] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. Never built from a plain header. */
export interface Identity {
  userId: number;
  sessionId: string;
  role: Role;
  tokenId: string;
  expiresAt: Date;
}

/** Checks an `Authorization` header: `undefined` for an anonymous caller, throws for a bad token. */
export interface IdentityVerifier {
  verify(authorization?: string): Promise<Identity | undefined>;
  /** Loads keys and revocations in the background; resolves once the first attempt is over. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
