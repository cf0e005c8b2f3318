import { Alert, Stack, Title } from "@mantine/core";

/** Stands in for a screen that is not built yet. */
export function ComingSoon({ title }: { title: string }) {
  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <Alert color="gray" title="Coming">
        This screen is coming soon.
      </Alert>
    </Stack>
  );
}
