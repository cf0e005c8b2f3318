/** A software passkey authenticator for tests and the bench (see virtual-authenticator.cjs). */
export interface RegistrationResponse {
  id: string;
  rawId: string;
  type: "public-key";
  authenticatorAttachment: string;
  clientExtensionResults: Record<string, unknown>;
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
}
export interface AuthenticationResponse {
  id: string;
  rawId: string;
  type: "public-key";
  authenticatorAttachment: string;
  clientExtensionResults: Record<string, unknown>;
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
}
export interface VirtualAuthenticatorOptions {
  origin: string;
  rpId?: string;
  backedUp?: boolean;
  userVerification?: boolean;
  countsUses?: boolean;
}
export declare class VirtualAuthenticator {
  constructor(options: VirtualAuthenticatorOptions);
  origin: string;
  rpId: string;
  credentials: Map<string, { userHandle: string; rpId: string; counter: number }>;
  createResponse(options: string | object, at?: { origin?: string; rpId?: string }): RegistrationResponse;
  getResponse(
    options: string | object,
    at?: { origin?: string; rpId?: string; credentialId?: string; counter?: number; userHandle?: string },
  ): AuthenticationResponse;
  clone(): VirtualAuthenticator;
}
export declare function cbor(value: unknown): Buffer;
