import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";

type Errors = readonly { extensions?: Record<string, unknown> }[];
type Extensions = Record<string, unknown>;
const hasCode = (errors: Errors | undefined, code: string, also: (extensions: Extensions) => boolean) =>
  !!errors?.some((e) => e.extensions?.code === code && also(e.extensions));

/**
 * Whether the server refused the operation with `code`, one of the codes it answers as HTTP 403
 * (and, with `also`, whether that error's extensions say more that the caller needs).
 */
export function refusedWith(
  error: unknown,
  code: string,
  also: (extensions: Extensions) => boolean = () => true,
): boolean {
  if (CombinedGraphQLErrors.is(error)) return hasCode(error.errors, code, also);
  // A 403 from the gateway (or a proxy's plain JSON answer) reaches the client as a ServerError.
  if (ServerError.is(error) && error.statusCode === 403) {
    try {
      return hasCode((JSON.parse(error.bodyText) as { errors?: Errors }).errors, code, also);
    } catch {
      return false;
    }
  }
  return false;
}
