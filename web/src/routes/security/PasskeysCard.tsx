import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { passkeysSupported } from "../../session/passkey";
import { useSession, useSessionStore } from "../../session/SessionContext";
import { AddPasskey } from "./AddPasskey";
import { PasskeyRow, type PasskeyItem } from "./PasskeyRow";

/** The person's passkeys: sign in without a password, and confirm it's them with a touch. */
export function PasskeysCard({ passkeys }: { passkeys: readonly PasskeyItem[] }) {
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const supported = passkeysSupported();
  const { enrolmentOnly } = useSession();
  const store = useSessionStore();

  return (
    <Paper withBorder p="md" aria-labelledby="passkeys-title" component="section" id="passkeys">
      <Stack>
        <Title order={3} size="h4" id="passkeys-title">
          Passkeys
        </Title>
        <Text size="sm">
          A passkey signs you in with your fingerprint, face or device PIN instead of your password, and cannot be
          phished. It counts as the second factor too.
        </Text>
        {passkeys.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="no-passkeys">
            You have no passkeys yet.
          </Text>
        ) : (
          passkeys.map((p) => <PasskeyRow key={p.id} passkey={p} />)
        )}
        {added && (
          <Alert color="teal" role="status" withCloseButton onClose={() => setAdded(null)}>
            Passkey “{added}” added. Next time, choose “Sign in with a passkey”.
          </Alert>
        )}
        {!supported ? (
          <Text size="sm" c="dimmed" data-testid="passkeys-unsupported">
            This browser cannot create passkeys. Use a current browser at Homegraph&apos;s usual (https) address to add
            one.
          </Text>
        ) : adding ? (
          <AddPasskey
            onCancel={() => setAdding(false)}
            onAdded={(name) => {
              setAdding(false);
              setAdded(name);
              // The second factor the household asked for is there: a renewed token opens the app.
              if (enrolmentOnly) void store.refresh().catch(() => undefined);
            }}
          />
        ) : (
          <Group justify="flex-end">
            <Button onClick={() => (setAdded(null), setAdding(true))}>Add a passkey</Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
