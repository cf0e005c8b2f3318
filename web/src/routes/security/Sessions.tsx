import { useMutation, useQuery } from "@apollo/client/react";
import { Badge, Button, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useNavigate } from "react-router";
import { useMutationFeedback } from "../../forms/feedback";
import { QueryError } from "../../lib/query-error";
import { ago, at } from "../../lib/time";
import { useSessionStore } from "../../session/SessionContext";
import { deviceName } from "./device-name";
import { MySessionsQuery, RevokeSessionMutation } from "./operations";

/** Where the person is signed in: sign one device out, every other one, or this one. */
export function Sessions() {
  const store = useSessionStore();
  const navigate = useNavigate();
  const { data, loading, error } = useQuery(MySessionsQuery);
  const [revoke] = useMutation(RevokeSessionMutation, { refetchQueries: [MySessionsQuery] });
  const { run, pending } = useMutationFeedback();
  const sessions = data?.mySessions ?? [];
  const others = sessions.filter((s) => !s.current);

  const signOutHere = async () => {
    await store.signOut();
    navigate("/signin", { replace: true });
  };
  const signOutOthers = () =>
    run(
      async () => {
        // One at a time: each revocation is its own audited event on the server.
        for (const s of others) await revoke({ variables: { id: s.id } });
      },
      { loading: "Signing out your other devices…", success: "Your other devices are signed out." },
    );

  return (
    <Paper withBorder p="md" aria-labelledby="sessions-title" component="section" id="sessions">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4" id="sessions-title">
            Where you are signed in
          </Title>
          {loading && <Loader size="sm" aria-label="Loading your sessions" />}
        </Group>
        <QueryError error={error} />
        {sessions.map((s) => (
          <Paper key={s.id} withBorder p="sm" data-testid="session">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Text fw={500}>{deviceName(s.userAgent)}</Text>
                  {s.current && <Badge variant="light">This device</Badge>}
                </Group>
                <Text size="xs" c="dimmed" title={at(s.lastUsedAt)}>
                  {s.ip ? `${s.ip} · ` : ""}last active {ago(s.lastUsedAt)} · signed in {at(s.createdAt)}
                </Text>
              </Stack>
              {s.current ? (
                <Button variant="default" size="xs" onClick={() => void signOutHere()}>
                  Sign out this device
                </Button>
              ) : (
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  onClick={() =>
                    void run(() => revoke({ variables: { id: s.id } }), {
                      loading: "Signing that device out…",
                      success: "That device is signed out.",
                    })
                  }
                  aria-label={`Sign out ${deviceName(s.userAgent)}, last active ${ago(s.lastUsedAt)}`}
                >
                  Sign out
                </Button>
              )}
            </Group>
          </Paper>
        ))}
        <Group justify="flex-end">
          <Button
            color="red"
            variant="light"
            disabled={others.length === 0}
            loading={pending}
            onClick={() => void signOutOthers()}
          >
            Sign out everywhere else
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
