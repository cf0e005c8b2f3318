import { useMutation, useQuery } from "@apollo/client/react";
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useCheckedForm } from "../../forms/checked-form";
import { useMutationFeedback } from "../../forms/feedback";
import { FormError } from "../../forms/FormError";
import { graphql } from "../../gql";
import { QueryError } from "../../lib/query-error";
import { ago, at } from "../../lib/time";

export const MyApiTokensQuery = graphql(`
  query MyApiTokens {
    myApiTokens {
      id
      name
      createdAt
      expiresAt
      lastUsedAt
    }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($name: String!, $expiresInDays: Int) {
    createApiToken(name: $name, expiresInDays: $expiresInDays) {
      token
      apiToken {
        id
        name
      }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id)
  }
`);

const EXPIRIES = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
];

interface Listed {
  id: string;
  name: string;
}

/**
 * API tokens for scripts and Apollo Sandbox (`Authorization: Bearer hgp_…`): listed without their
 * secret, created (after "Confirm it's you") with the secret shown once, revoked after a question.
 */
export function ApiTokens() {
  const { data, loading, error } = useQuery(MyApiTokensQuery);
  const [create] = useMutation(CreateApiTokenMutation, { refetchQueries: [MyApiTokensQuery] });
  const [revoke] = useMutation(RevokeApiTokenMutation, { refetchQueries: [MyApiTokensQuery] });
  const { run } = useMutationFeedback();
  const [secret, setSecret] = useState<{ name: string; token: string }>();
  const [revoking, setRevoking] = useState<Listed>();
  const form = useCheckedForm({
    initialValues: { name: "", expiry: "90" },
    validate: {
      name: (v: string) =>
        v.trim() && v.trim().length <= 100 ? undefined : "Give the token a name (up to 100 characters).",
    },
  });
  const tokens = data?.myApiTokens ?? [];

  return (
    <Paper withBorder p="md" aria-labelledby="api-tokens-title" component="section">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id="api-tokens-title">
            API tokens
          </Title>
          {loading && <Loader size="sm" aria-label="Loading your API tokens" />}
        </Group>
        <Text size="sm" c="dimmed">
          For scripts and Apollo Sandbox: send <Code>Authorization: Bearer hgp_…</Code>. A token acts as you, but can
          never unlock doors, disarm the alarm or change accounts.
        </Text>
        <QueryError error={error} />
        {secret && (
          <Alert color="teal" role="status" title={`"${secret.name}" is ready`} data-testid="api-token-secret">
            <Stack gap="xs">
              <Text size="sm">Copy it now: it is shown this once and never again.</Text>
              <Code block>{secret.token}</Code>
              <Group>
                <CopyButton value={secret.token}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy}>
                      {copied ? "Copied" : "Copy token"}
                    </Button>
                  )}
                </CopyButton>
                <Button size="xs" variant="subtle" onClick={() => setSecret(undefined)}>
                  Done
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {tokens.length === 0 && !loading && <Text size="sm">No API tokens yet.</Text>}
        {tokens.map((t) => (
          <Paper key={t.id} withBorder p="sm" data-testid="api-token">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={500}>{t.name}</Text>
                <Text size="xs" c="dimmed">
                  created {at(t.createdAt)} · {t.expiresAt ? `expires ${at(t.expiresAt)}` : "never expires"} · last used{" "}
                  {ago(t.lastUsedAt)}
                </Text>
              </Stack>
              <Button
                variant="subtle"
                color="red"
                size="xs"
                aria-label={`Revoke ${t.name}`}
                onClick={() => setRevoking(t)}
              >
                Revoke
              </Button>
            </Group>
          </Paper>
        ))}
        <form
          noValidate
          aria-label="New API token"
          onSubmit={form.handleSubmit(async (v) => {
            const name = v.name.trim();
            const expiresInDays = v.expiry === "never" ? null : Number(v.expiry);
            const result = await run(
              () => create({ variables: { name, expiresInDays } }),
              { loading: "Creating the token…", success: "Token created: copy it now." },
              { rethrow: true },
            );
            const created = result?.data?.createApiToken;
            if (created) setSecret({ name: created.apiToken.name, token: created.token });
            form.reset();
          })}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput label="Token name" placeholder="Backup script" required {...form.getInputProps("name")} />
            <Select label="Expires" data={EXPIRIES} allowDeselect={false} w={130} {...form.getInputProps("expiry")} />
            <Button type="submit" loading={form.submitting}>
              Create token
            </Button>
          </Group>
          <FormError message={form.formError} />
        </form>
      </Stack>
      <Modal opened={!!revoking} onClose={() => setRevoking(undefined)} title="Revoke this API token?" centered>
        <Stack>
          <Text size="sm">Scripts using “{revoking?.name}” stop working within seconds. This cannot be undone.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(undefined)}>
              Keep it
            </Button>
            <Button
              color="red"
              onClick={() => {
                const target = revoking!;
                setRevoking(undefined);
                void run(() => revoke({ variables: { id: target.id } }), {
                  loading: "Revoking the token…",
                  success: `“${target.name}” is revoked.`,
                });
              }}
            >
              Revoke token
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
