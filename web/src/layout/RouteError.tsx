import { Alert, Button, Center, Loader, Stack } from "@mantine/core";
import { isRouteErrorResponse, useRouteError } from "react-router";

export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : "Something went wrong.";
  return (
    <Center h="100dvh" p="md">
      <Stack maw={420}>
        <Alert color="red" title="This screen could not be shown">
          {message}
        </Alert>
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Center>
  );
}

/** Shown while the first screen's chunk loads. */
export function RouteLoading() {
  return (
    <Center h="100dvh">
      <Loader aria-label="Loading" />
    </Center>
  );
}
