import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";

type Errors = readonly { extensions?: Record<string, unknown> }[];
const hasCode = (errors: Errors | undefined, code: string) => !!errors?.some((e) => e.extensions?.code === code);

/** Whether the server refused the operation with `code`, one of the codes it answers as HTTP 403. */
export function refusedWith(error: unknown, code: string): boolean {
  if (CombinedGraphQLErrors.is(error)) return hasCode(error.errors, code);
  // A 403 from the gateway (or a proxy's plain JSON answer) reaches the client as a ServerError.
  if (ServerError.is(error) && error.statusCode === 403) {
    try {
      return hasCode((JSON.parse(error.bodyText) as { errors?: Errors }).errors, code);
    } catch {
      return false;
    }
  }
  return false;
}
