import { useQuery } from "@apollo/client/react";
import { Alert, Anchor, Button, Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { graphql } from "../gql";
import { at } from "../lib/time";
import { useSession, useSessionStore } from "../session/SessionContext";

// The household's second factor policy as the person meets it: a banner while the grace period
// runs, then (the server answering SECOND_FACTOR_ENROLMENT_REQUIRED to all but enrolment) a full
// page that leads to the Security screen's enrolment.

export const ENROL_PATH = "/security#authenticator";

const SECOND_FACTOR_DUE = graphql(`
  query SecondFactorDue {
    mySecondFactor {
      totpEnabled
      required
      enrolBy
      enrolmentOnly
    }
  }
`);

const dismissedKey = (userId: string, enrolBy: string) => `hg:second-factor-banner:${userId}:${enrolBy}`;
const DISMISS_FOR_MS = 24 * 3_600_000;

/** Dismissed today for this deadline (it comes back the next day, the deadline being closer). */
function dismissedRecently(key: string): boolean {
  try {
    return Date.now() - Number(window.localStorage.getItem(key) ?? 0) < DISMISS_FOR_MS;
  } catch {
    return false;
  }
}

/** "Set up a second factor by <date>", dismissible, while the policy's grace runs. */
export function SecondFactorBanner() {
  const session = useSession();
  const store = useSessionStore();
  const { data } = useQuery(SECOND_FACTOR_DUE, { fetchPolicy: "cache-and-network" });
  const status = data?.mySecondFactor;
  const [dismissed, setDismissed] = useState<string>();
  const enrolmentOnly = !!status?.enrolmentOnly;
  useEffect(() => {
    if (enrolmentOnly) store.enrolmentRequired();
  }, [enrolmentOnly, store]);

  if (!status?.required || status.totpEnabled || !status.enrolBy || status.enrolmentOnly) return null;
  const key = dismissedKey(session.user?.id ?? "", status.enrolBy);
  if (dismissed === key || dismissedRecently(key)) return null;
  const dismiss = () => {
    try {
      window.localStorage.setItem(key, String(Date.now()));
    } catch {
      // Private mode: dismissed for this page only.
    }
    setDismissed(key);
  };
  return (
    <Alert
      color="yellow"
      mb="md"
      title="Your household asks for a second factor"
      withCloseButton
      closeButtonLabel="Remind me later"
      onClose={dismiss}
      data-testid="second-factor-banner"
    >
      <Text size="sm">
        Set up an authenticator app by {at(status.enrolBy)}. After that, Homegraph lets you do nothing else until you
        have.{" "}
        <Anchor component={Link} to={ENROL_PATH} size="sm">
          Set it up now
        </Anchor>
      </Text>
    </Alert>
  );
}

/** The whole screen for a session limited to enrolment: what is asked, and the way there. */
export function EnrolmentRequiredScreen() {
  const store = useSessionStore();
  const navigate = useNavigate();
  const signOut = async () => {
    await store.signOut();
    navigate("/signin", { replace: true });
  };
  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder p="lg" maw={480} data-testid="enrolment-required">
        <Stack>
          <Title order={1} size="h3">
            Your household asks for a second factor
          </Title>
          <Text size="sm">
            To keep the house safe, everyone here signs in with a second factor as well as their password. The time to
            set one up is over, so Homegraph opens again once you have added an authenticator app to your account.
          </Text>
          <Text size="sm">
            It takes a minute: scan a code with an app such as your phone&apos;s password manager, then type the 6
            digits it shows.
          </Text>
          <Group>
            <Button onClick={() => navigate(ENROL_PATH)}>Set up a second factor</Button>
            <Button variant="default" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
