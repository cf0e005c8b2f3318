import { useMutation, useQuery } from "@apollo/client/react";
import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { useState } from "react";
import { Link, Route, Routes, useParams } from "react-router";
import { errorInfo } from "../../forms/errors";
import { useMutationFeedback } from "../../forms/feedback";
import { ago, at } from "../../lib/time";
import { useSession } from "../../session/SessionContext";
import {
  AutomationQuery,
  AutomationsQuery,
  DeleteAutomationMutation,
  RuleChoicesQuery,
  SetAutomationEnabledMutation,
} from "./operations";
import { describeTrigger, emptyRule, fromAutomation } from "./rule-draft";
import { RuleEditor } from "./RuleEditor";
import { QueryError } from "../../lib/query-error";

function AutomationList() {
  const { isAdmin } = useSession();
  const { data, loading, error } = useQuery(AutomationsQuery);
  const choices = useQuery(RuleChoicesQuery);
  const [setEnabled] = useMutation(SetAutomationEnabledMutation);
  const [remove] = useMutation(DeleteAutomationMutation, { refetchQueries: [AutomationsQuery] });
  const { run } = useMutationFeedback();
  const [busy, setBusy] = useState<string>();
  const [deleting, setDeleting] = useState<{ id: string; name: string }>();

  const labelOf = (id: string) => choices.data?.devices.find((d) => d.id === id)?.label ?? `device ${id}`;
  const automations = data?.automations ?? [];

  const toggle = async (id: string, enabled: boolean) => {
    setBusy(id);
    await run(() => setEnabled({ variables: { id, enabled } }), {
      loading: enabled ? "Turning the automation on…" : "Turning the automation off…",
      success: enabled ? "Automation on." : "Automation off.",
    });
    setBusy(undefined);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Automations</Title>
        {isAdmin && (
          <Button component={Link} to="/automations/new">
            New automation
          </Button>
        )}
      </Group>
      {loading && !data && (
        <Center p="xl">
          <Loader aria-label="Loading automations" />
        </Center>
      )}
      <QueryError error={error} title="Automations could not be loaded" />
      {data && automations.length === 0 && (
        <Alert color="gray" title="No automations yet">
          {isAdmin ? "Create one: when something happens, Homegraph does what you say." : "An admin can create some."}
        </Alert>
      )}
      {automations.map((a) => (
        <Paper key={a.id} withBorder p="md" data-testid="automation">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Stack gap={4} style={{ minWidth: 0, flex: "1 1 16rem" }}>
              <Group gap="xs">
                <Text fw={600} component="h3" m={0} size="md">
                  {a.name}
                </Text>
                <Badge color={a.enabled ? "teal" : "gray"} variant="light">
                  {a.enabled ? "On" : "Off"}
                </Badge>
              </Group>
              <Text size="sm">{describeTrigger(a.trigger, labelOf)}</Text>
              <Text size="sm" c="dimmed">
                {(a.actions as unknown[]).length} action{(a.actions as unknown[]).length === 1 ? "" : "s"}
                {(a.conditions as unknown[]).length
                  ? `, ${(a.conditions as unknown[]).length} condition(s)`
                  : ""} ·{" "}
                <Tooltip label={at(a.lastFiredAt) || "It has not run yet"}>
                  <span data-testid="last-fired">Last fired: {ago(a.lastFiredAt)}</span>
                </Tooltip>
              </Text>
            </Stack>
            {isAdmin && (
              <Group gap="sm">
                <Switch
                  label="Enabled"
                  checked={a.enabled}
                  disabled={busy === a.id}
                  onChange={(e) => void toggle(a.id, e.currentTarget.checked)}
                  aria-label={`${a.name} enabled`}
                />
                <Button variant="default" size="xs" component={Link} to={`/automations/${a.id}`}>
                  Edit
                </Button>
                <Button variant="subtle" color="red" size="xs" onClick={() => setDeleting({ id: a.id, name: a.name })}>
                  Delete
                </Button>
              </Group>
            )}
          </Group>
        </Paper>
      ))}
      <Modal opened={!!deleting} onClose={() => setDeleting(undefined)} title="Delete the automation?" centered>
        <Stack>
          <Text>&ldquo;{deleting?.name}&rdquo; stops and is gone for good.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(undefined)}>
              Keep it
            </Button>
            <Button
              color="red"
              onClick={async () => {
                const target = deleting!;
                setDeleting(undefined);
                await run(() => remove({ variables: { id: target.id } }), {
                  loading: "Deleting…",
                  success: `“${target.name}” deleted.`,
                });
              }}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function EditAutomation() {
  const { id = "" } = useParams();
  const { data, loading, error } = useQuery(AutomationQuery, { variables: { id } });
  if (loading && !data) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading the automation" />
      </Center>
    );
  }
  if (error || !data) {
    return (
      <Alert color="red" role="alert" title="This automation could not be loaded">
        {error ? errorInfo(error).message : "It may have been deleted."}
      </Alert>
    );
  }
  return <RuleEditor key={id} id={id} initial={fromAutomation(data.automation)} />;
}

export default function AutomationsPage() {
  const { isAdmin } = useSession();
  return (
    <Routes>
      <Route index element={<AutomationList />} />
      {isAdmin && <Route path="new" element={<RuleEditor initial={emptyRule()} />} />}
      {isAdmin && <Route path=":id" element={<EditAutomation />} />}
      <Route path="*" element={<AutomationList />} />
    </Routes>
  );
}
