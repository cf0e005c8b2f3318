import { createUnionType, Field, ID, Int, ObjectType } from "type-graphql";
import { AuthPayload } from "./types.js";

@ObjectType({ description: "The password was right; a second factor must follow, with completeSignIn." })
export class SecondFactorChallenge {
  @Field(() => String, { description: "Single-use, for completeSignIn; valid until `expiresAt` (5 minutes)." })
  challenge!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => [String], { description: "What completeSignIn accepts: TOTP, RECOVERY_CODE (later PASSKEY)." })
  methods!: string[];
}

export const SignInResult = createUnionType({
  name: "SignInResult",
  description: "A session, or the second factor that must come first.",
  types: () => [AuthPayload, SecondFactorChallenge] as const,
  resolveType: (value) => ("challenge" in value ? SecondFactorChallenge : AuthPayload),
});

@ObjectType({ description: "A new access token for the same session, carrying the fresh proof (`auth_time`)." })
export class StepUpPayload {
  @Field(() => String)
  accessToken!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Date, { description: "When the factor was proven; step-up checks accept it for 5 minutes." })
  stepUpAt!: Date;
}

@ObjectType({ description: "An authenticator app's secret, to scan or type; confirm with its first code." })
export class TotpEnrollment {
  @Field(() => String, { description: "Base32, for typing into the app by hand." })
  secret!: string;

  @Field(() => String, { description: "otpauth://totp/... (what the QR code holds)." })
  otpauthUri!: string;

  @Field(() => String, { description: "The QR code as an SVG document." })
  qrCodeSvg!: string;
}

@ObjectType({ description: "The result of confirming an authenticator app: the recovery codes, shown once." })
export class TotpConfirmation {
  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => String, {
    description:
      "A new access token for this session: the code just proven counts as a step-up, and an enrolment-only session is one no longer.",
  })
  accessToken!: string;

  @Field(() => [String], { description: "Ten single-use recovery codes, shown this once: only their hashes are kept." })
  recoveryCodes!: string[];
}

@ObjectType({ description: "A passkey of the caller's: its name and when it was added and last used." })
export class Passkey {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Boolean, { description: "A synced passkey (backed up by its provider, e.g. to the person's cloud)." })
  backedUp!: boolean;
}

@ObjectType({ description: "A passkey ceremony's options for the browser, and its single-use id." })
export class PasskeyCeremony {
  @Field(() => String, { description: "Single-use: pass it back with the browser's response before `expiresAt`." })
  challengeId!: string;

  @Field(() => String, {
    description: "JSON of the options for @simplewebauthn/browser's startRegistration or startAuthentication.",
  })
  optionsJSON!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType({ description: "The caller's second factors and what the household's policy asks of them." })
export class SecondFactorStatus {
  @Field(() => [Passkey], { description: "The caller's passkeys; one counts as a second factor." })
  passkeys!: Passkey[];

  @Field(() => Boolean)
  totpEnabled!: boolean;

  @Field(() => Int)
  recoveryCodesLeft!: number;

  @Field(() => Boolean, { description: "The policy (secondFactor.required) asks this person for a second factor." })
  required!: boolean;

  @Field(() => Date, { nullable: true, description: "Until when they may sign in without one." })
  enrolBy!: Date | null;

  @Field(() => Boolean, {
    description: "The grace is over: only enrolment is open (SECOND_FACTOR_ENROLMENT_REQUIRED elsewhere).",
  })
  enrolmentOnly!: boolean;
}
