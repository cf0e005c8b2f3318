import { useMutation } from "@apollo/client/react";
import { Alert, Button, Group, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { errorInfo } from "../../forms/errors";
import { loadWebAuthn, passkeyProblem } from "../../lib/webauthn";
import { deviceName } from "./device-name";
import { BeginPasskeyRegistrationMutation, FinishPasskeyRegistrationMutation, SecurityStatusQuery } from "./operations";

/** Names a new passkey, lets the browser (or phone, or security key) create it and registers it. */
export function AddPasskey({ onAdded, onCancel }: { onAdded: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(() => `Passkey on ${deviceName(navigator.userAgent)}`);
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [begin] = useMutation(BeginPasskeyRegistrationMutation);
  const [finish] = useMutation(FinishPasskeyRegistrationMutation, {
    refetchQueries: [SecurityStatusQuery],
    awaitRefetchQueries: true,
  });

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setWorking(true);
    try {
      // Needs a recent step-up: "Confirm it's you" asks first when it is older than 5 minutes.
      const [{ data }, webauthn] = await Promise.all([begin(), loadWebAuthn()]);
      if (!data) throw new Error("The server did not start it. Please try again.");
      const { challengeId, optionsJSON } = data.beginPasskeyRegistration;
      let response: unknown;
      try {
        response = await webauthn.startRegistration({ optionsJSON: JSON.parse(optionsJSON) });
      } catch (err) {
        setProblem(passkeyProblem(err, "create"));
        return;
      }
      const finished = await finish({
        variables: { challengeId, response: JSON.stringify(response), name: name.trim() || null },
      });
      if (!finished.data) throw new Error("The server did not register it. Please try again.");
      onAdded(finished.data.finishPasskeyRegistration.name);
    } catch (err) {
      setProblem(errorInfo(err).message);
    } finally {
      setWorking(false);
    }
  };

  return (
    <form onSubmit={(e) => void create(e)}>
      <Stack gap="sm">
        <TextInput
          label="Name for the new passkey"
          description="So you can tell your passkeys apart, e.g. the phone or key that holds it."
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        {problem && (
          <Alert color="red" data-testid="passkey-problem">
            {problem}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={working}>
            Cancel
          </Button>
          <Button type="submit" loading={working}>
            Create passkey
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
