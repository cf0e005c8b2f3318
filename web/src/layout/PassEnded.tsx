import { Anchor, Center, Paper, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

/** What a guest sees once their pass is over: no sign-in form, since a guest has no password. */
export function PassEndedScreen() {
  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder p="lg" maw={440} data-testid="pass-ended">
        <Stack>
          <Title order={1} size="h3">
            This guest pass has ended
          </Title>
          <Text size="sm">
            Its time is up, or the household ended it. If you need to come back, ask them for a new link.
          </Text>
          <LiveHereSignIn />
        </Stack>
      </Paper>
    </Center>
  );
}

/** For someone of the household who opened a guest's page: the way to their own sign-in. */
export function LiveHereSignIn() {
  return (
    <Text size="sm" c="dimmed">
      Live here?{" "}
      <Anchor component={Link} to="/signin" size="sm">
        Sign in
      </Anchor>
    </Text>
  );
}
