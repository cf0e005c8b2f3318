import type { ApolloLink } from "@apollo/client";
import { ErrorLink } from "@apollo/client/link/error";
import type { SessionStore } from "../session/store";
import { refusedWith } from "./refused-with";

/**
 * The server's code for a session limited to enrolment: the household's policy asks this person for
 * a second factor and the grace period is over (docs/identity.md, "Enrolment-only sessions").
 */
export const SECOND_FACTOR_ENROLMENT_REQUIRED = "SECOND_FACTOR_ENROLMENT_REQUIRED";

export function enrolmentRequired(error: unknown): boolean {
  return refusedWith(error, SECOND_FACTOR_ENROLMENT_REQUIRED);
}

/** Any answer with the code puts the session in enrolment-only mode: the app shows what to do. */
export function enrolmentLink(session: SessionStore): ApolloLink {
  return new ErrorLink(({ error }) => {
    if (enrolmentRequired(error)) session.enrolmentRequired();
  });
}
