import { useMutation } from "@apollo/client/react";
import { Badge, Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutationFeedback } from "../../forms/feedback";
import { ago, at } from "../../lib/time";
import { RemovePasskeyMutation, RenamePasskeyMutation, SecurityStatusQuery } from "./operations";

export interface PasskeyItem {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string | null;
  backedUp: boolean;
}

/** One passkey: its name (renamed in place), when it was made and last used, removal once confirmed. */
export function PasskeyRow({ passkey }: { passkey: PasskeyItem }) {
  const [mode, setMode] = useState<"show" | "rename" | "remove">("show");
  const [name, setName] = useState(passkey.name);
  const [rename, { loading: renaming }] = useMutation(RenamePasskeyMutation);
  const [remove, { loading: removing }] = useMutation(RemovePasskeyMutation, {
    refetchQueries: [SecurityStatusQuery],
    awaitRefetchQueries: true,
  });
  const { run } = useMutationFeedback();

  const saveName = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(() => rename({ variables: { id: passkey.id, name: name.trim() } }), {
      loading: "Renaming the passkey…",
      success: "Passkey renamed.",
    });
    if (done) setMode("show");
  };
  const confirmRemove = async () => {
    const done = await run(() => remove({ variables: { id: passkey.id } }), {
      loading: "Removing the passkey…",
      success: "Passkey removed.",
    });
    if (!done) setMode("show");
  };

  return (
    <Paper withBorder p="sm" data-testid="passkey">
      {mode === "rename" ? (
        <form onSubmit={(e) => void saveName(e)}>
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Passkey name"
              value={name}
              maxLength={64}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
              style={{ flex: 1, minWidth: 160 }}
            />
            <Button variant="default" onClick={() => (setName(passkey.name), setMode("show"))}>
              Cancel
            </Button>
            <Button type="submit" loading={renaming} disabled={!name.trim() || name.trim() === passkey.name}>
              Save
            </Button>
          </Group>
        </form>
      ) : (
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Text fw={500} data-testid="passkey-name">
                {passkey.name}
              </Text>
              {passkey.backedUp && (
                <Badge variant="light" title="Synced: your other devices with the same account can use it">
                  Synced
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              Added {at(passkey.createdAt)} · last used{" "}
              <span title={at(passkey.lastUsedAt)}>{passkey.lastUsedAt ? ago(passkey.lastUsedAt) : "never"}</span>
            </Text>
          </Stack>
          {mode === "remove" ? (
            <Group gap="xs">
              <Text size="sm">Remove it? It will no longer sign you in.</Text>
              <Button variant="default" size="xs" onClick={() => setMode("show")}>
                Keep it
              </Button>
              <Button color="red" size="xs" loading={removing} onClick={() => void confirmRemove()}>
                Yes, remove
              </Button>
            </Group>
          ) : (
            <Group gap="xs">
              <Button
                variant="subtle"
                size="xs"
                onClick={() => setMode("rename")}
                aria-label={`Rename ${passkey.name}`}
              >
                Rename
              </Button>
              <Button
                variant="subtle"
                color="red"
                size="xs"
                onClick={() => setMode("remove")}
                aria-label={`Remove ${passkey.name}`}
              >
                Remove
              </Button>
            </Group>
          )}
        </Group>
      )}
    </Paper>
  );
}
