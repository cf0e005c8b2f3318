import { useMutation } from "@apollo/client/react";
import { Alert, Anchor, Button, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { errorInfo } from "../../forms/errors";
import { FormError } from "../../forms/FormError";
import { graphql } from "../../gql";
import { useSessionStore } from "../../session/SessionContext";

const SIGN_OUT_EVERYWHERE = graphql(`
  mutation SignOutEverywhere($token: String!) {
    signOutEverywhere(token: $token)
  }
`);

export const LINK_SPENT =
  "This link was already used or has expired, so it ended nothing now. If you still think someone else is in your account, choose a new password: that ends every session too.";

type Outcome = { kind: "done" } | { kind: "spent" } | { kind: "failed"; message: string };

/**
 * The "not you?" link of a security alert mail. Opening it changes nothing (a mail scanner that
 * follows links spends nothing): only the person's click ends every session of their account.
 */
export default function SignOutEverywherePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const store = useSessionStore();
  const [signOutEverywhere, { loading }] = useMutation(SIGN_OUT_EVERYWHERE);
  const [outcome, setOutcome] = useState<Outcome>();

  const endEverySession = async () => {
    setOutcome(undefined);
    try {
      await signOutEverywhere({ variables: { token } });
      // This browser's session, if any, ended with the others.
      store.clear();
      setOutcome({ kind: "done" });
    } catch (error) {
      const info = errorInfo(error);
      setOutcome(
        info.code === "BAD_USER_INPUT" && info.field === "token"
          ? { kind: "spent" }
          : { kind: "failed", message: info.message },
      );
    }
  };

  return (
    <Paper withBorder p="lg">
      <Stack>
        <Title order={2} size="h3">
          Sign out everywhere
        </Title>
        {!token ? (
          <Alert color="red" role="alert">
            This link is incomplete. Open it from the security email again.
          </Alert>
        ) : outcome?.kind === "done" ? (
          <>
            <Alert color="teal" role="status" data-testid="signed-out-everywhere">
              Every session has been ended. Change your password.
            </Alert>
            <Text size="sm">
              Whoever was signed in is out now, on every device, you included. A new password makes sure they cannot
              sign in again with the old one.
            </Text>
            <Button component={Link} to="/forgot-password">
              Choose a new password
            </Button>
          </>
        ) : outcome?.kind === "spent" ? (
          <>
            <Alert color="yellow" role="alert" data-testid="link-spent">
              {LINK_SPENT}
            </Alert>
            <Anchor component={Link} to="/forgot-password" size="sm">
              Choose a new password
            </Anchor>
          </>
        ) : (
          <>
            <Text size="sm">
              Homegraph emailed you because something changed on your account. If that was not you, end every session of
              your account now: everyone signed in as you, on any device (this one too), is signed out at once.
            </Text>
            <Text size="sm">Nothing happens until you press the button.</Text>
            <FormError message={outcome?.kind === "failed" ? outcome.message : undefined} />
            <Button color="red" loading={loading} onClick={() => void endEverySession()}>
              End every session
            </Button>
            <Anchor component={Link} to="/signin" size="sm">
              It was me: back to sign in
            </Anchor>
          </>
        )}
      </Stack>
    </Paper>
  );
}
