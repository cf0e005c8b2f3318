import { Alert } from "@mantine/core";
import { errorInfo } from "../forms/errors";

/** A query that failed, in words a person can act on, announced to screen readers; nothing when it did not. */
export function QueryError({ error, title, testId }: { error: unknown; title?: string; testId?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={title} data-testid={testId}>
      {errorInfo(error).message}
    </Alert>
  );
}
