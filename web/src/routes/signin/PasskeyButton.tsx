import { Alert, Button, Text } from "@mantine/core";
import { useState } from "react";
import { passkeyCancelled, passkeyProblem } from "../../lib/webauthn";
import { browserPasskeyCeremony } from "../../session/passkey";
import { useSessionStore } from "../../session/SessionContext";
import type { PasskeyCeremony } from "../../session/store";

/** "Sign in with a passkey": no email needed (the passkey names its person). Shown only with WebAuthn. */
export function PasskeyButton(props: { onSignedIn: () => void; ceremony?: PasskeyCeremony }) {
  const store = useSessionStore();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ cancelled: boolean; text: string }>();

  const signIn = async () => {
    setBusy(true);
    setOutcome(undefined);
    try {
      await store.signInWithPasskey(props.ceremony ?? browserPasskeyCeremony);
      props.onSignedIn();
    } catch (error) {
      setOutcome({ cancelled: passkeyCancelled(error), text: passkeyProblem(error, "sign-in") });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="default" loading={busy} onClick={() => void signIn()} data-testid="passkey-sign-in">
        Sign in with a passkey
      </Button>
      {outcome?.cancelled && (
        <Text size="sm" c="dimmed" role="status" data-testid="passkey-cancelled">
          {outcome.text}
        </Text>
      )}
      {outcome && !outcome.cancelled && (
        <Alert color="red" role="alert" data-testid="passkey-problem">
          {outcome.text}
        </Alert>
      )}
    </>
  );
}
