import type { ApolloLink } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { ErrorLink } from "@apollo/client/link/error";
import type { SessionStore } from "../session/store";

/**
 * The server's code for a session limited to enrolment: the household's policy asks this person for
 * a second factor and the grace period is over (docs/identity.md, "Enrolment-only sessions").
 */
export const SECOND_FACTOR_ENROLMENT_REQUIRED = "SECOND_FACTOR_ENROLMENT_REQUIRED";

type Errors = readonly { extensions?: Record<string, unknown> }[];
const asks = (errors: Errors | undefined) =>
  !!errors?.some((e) => e.extensions?.code === SECOND_FACTOR_ENROLMENT_REQUIRED);

export function enrolmentRequired(error: unknown): boolean {
  if (CombinedGraphQLErrors.is(error)) return asks(error.errors);
  // The code maps to HTTP 403: the gateway's answer may reach the client as a ServerError.
  if (ServerError.is(error) && error.statusCode === 403) {
    try {
      return asks((JSON.parse(error.bodyText) as { errors?: Errors }).errors);
    } catch {
      return false;
    }
  }
  return false;
}

/** Any answer with the code puts the session in enrolment-only mode: the app shows what to do. */
export function enrolmentLink(session: SessionStore): ApolloLink {
  return new ErrorLink(({ error }) => {
    if (enrolmentRequired(error)) session.enrolmentRequired();
  });
}
