import { useMutation, useQuery } from "@apollo/client/react";
import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useState } from "react";
import { errorInfo } from "../../forms/errors";
import { FormCard } from "../../lib/form-card";
import { useMutationFeedback } from "../../forms/feedback";
import { email, intInRange, maxChars, DISPLAY_NAME_MAX_CHARS } from "../../forms/rules";
import { useForm } from "../../forms/useForm";
import type { Role } from "../../gql/graphql";
import { RoutedTabs } from "../../lib/routed-tabs";
import { ago, at } from "../../lib/time";
import { useSession } from "../../session/SessionContext";
import {
  DisableUserMutation,
  EnableUserMutation,
  InviteUserMutation,
  SetSystemSettingMutation,
  SetUserRoleMutation,
  SystemSettingsQuery,
  UsersQuery,
} from "./operations";

const PAGE_SIZE = 20;
const ROLES: { value: Role; label: string }[] = [
  { value: "MEMBER", label: "Member" },
  { value: "ADMIN", label: "Admin" },
];

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const [invite] = useMutation(InviteUserMutation);
  const { run } = useMutationFeedback();
  const form = useForm(
    { email: "", displayName: "", role: "MEMBER" },
    { email, displayName: maxChars(DISPLAY_NAME_MAX_CHARS, "The display name") },
  );
  return (
    <FormCard
      title="Invite someone"
      titleId="invite-title"
      submitLabel="Send invitation"
      submitting={form.submitting}
      error={form.formError}
      onSubmit={form.onSubmit(async (v) => {
        await run(
          () =>
            invite({
              variables: { email: v.email.trim(), displayName: v.displayName.trim() || null, role: v.role as Role },
            }),
          { loading: "Sending the invitation…", success: `Invitation sent to ${v.email.trim()}.` },
          { rethrow: true },
        );
        form.reset();
        onInvited();
      })}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Email" type="email" required {...form.field("email")} />
        <TextInput label="Display name" description="Optional" {...form.field("displayName")} />
        <Select
          label="Role"
          name="role"
          data={ROLES}
          allowDeselect={false}
          value={form.values.role}
          onChange={(v) => v && form.setValue("role", v)}
        />
      </SimpleGrid>
    </FormCard>
  );
}

function Users() {
  const { user: me } = useSession();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const { data, loading, error, refetch } = useQuery(UsersQuery, {
    variables: { search: search.trim() || null, page: { page, pageSize: PAGE_SIZE } },
  });
  const [setRole] = useMutation(SetUserRoleMutation);
  const [disable] = useMutation(DisableUserMutation);
  const [enable] = useMutation(EnableUserMutation);
  const { run } = useMutationFeedback();
  const users = data?.users.items ?? [];
  const pages = Math.max(1, Math.ceil((data?.users.total ?? 0) / PAGE_SIZE));

  return (
    <Stack>
      <InviteForm onInvited={() => void refetch()} />
      <Group justify="space-between" align="flex-end">
        <TextInput
          label="Search people"
          placeholder="Name or email"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          style={{ flex: "1 1 14rem" }}
        />
        {loading && <Loader size="sm" aria-label="Loading people" />}
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {errorInfo(error).message}
        </Alert>
      )}
      <Stack gap="xs">
        {users.map((u) => {
          const self = u.id === me?.id;
          return (
            <Paper key={u.id} withBorder p="sm" data-testid="user-row">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Stack gap={2} style={{ minWidth: 0, flex: "1 1 14rem" }}>
                  <Group gap="xs">
                    <Text fw={500}>{u.displayName}</Text>
                    {self && <Badge variant="light">You</Badge>}
                    {u.disabledAt && <Badge color="red">Disabled</Badge>}
                  </Group>
                  <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                    {u.email} · joined {ago(u.createdAt)}
                  </Text>
                </Stack>
                <Group gap="xs">
                  <Select
                    aria-label={`Role of ${u.displayName}`}
                    data={ROLES}
                    allowDeselect={false}
                    value={u.role}
                    w={120}
                    onChange={(v) =>
                      v &&
                      v !== u.role &&
                      void run(() => setRole({ variables: { id: u.id, role: v as Role } }), {
                        loading: "Changing the role…",
                        success: `${u.displayName} is now ${v === "ADMIN" ? "an admin" : "a member"}.`,
                      })
                    }
                  />
                  {u.disabledAt ? (
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() =>
                        void run(() => enable({ variables: { id: u.id } }), {
                          loading: "Enabling…",
                          success: `${u.displayName} can sign in again.`,
                        })
                      }
                    >
                      Enable
                    </Button>
                  ) : (
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      disabled={self}
                      title={self ? "You cannot disable your own account" : undefined}
                      onClick={() =>
                        void run(() => disable({ variables: { id: u.id } }), {
                          loading: "Disabling…",
                          success: `${u.displayName} is disabled and signed out.`,
                        })
                      }
                    >
                      Disable
                    </Button>
                  )}
                </Group>
              </Group>
            </Paper>
          );
        })}
        {data && users.length === 0 && <Text c="dimmed">Nobody matches.</Text>}
      </Stack>
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} aria-label="Pages of people" />}
    </Stack>
  );
}

interface Setting {
  key: string;
  value: string;
  defaultValue: string;
  type: string;
  description: string;
  min?: number | null;
  max?: number | null;
  updatedAt?: string | null;
}

function IntegerSetting({ setting, save }: { setting: Setting; save: (value: string) => Promise<unknown> }) {
  const rule = intInRange(setting.min ?? Number.MIN_SAFE_INTEGER, setting.max ?? Number.MAX_SAFE_INTEGER, "The value");
  const form = useForm({ value: setting.value }, { value: rule });
  return (
    <form noValidate onSubmit={form.onSubmit((v) => save(v.value.trim()))}>
      <Group align="flex-start" gap="xs" wrap="nowrap">
        <TextInput
          aria-label={setting.key}
          inputMode="numeric"
          w={120}
          {...form.field("value")}
          error={form.errors.value ?? form.formError}
        />
        <Button type="submit" variant="light" loading={form.submitting} disabled={form.values.value === setting.value}>
          Save
        </Button>
      </Group>
    </form>
  );
}

function Settings() {
  const { data, loading, error } = useQuery(SystemSettingsQuery);
  // Settings have no id for the cache, so the list is read again after a change.
  const [set] = useMutation(SetSystemSettingMutation, {
    refetchQueries: [SystemSettingsQuery],
    awaitRefetchQueries: true,
  });
  const { run } = useMutationFeedback();
  const save = (key: string, value: string) =>
    run(
      () => set({ variables: { key, value } }),
      { loading: `Saving ${key}…`, success: `${key} saved.` },
      { rethrow: true },
    );

  if (loading && !data) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading settings" />
      </Center>
    );
  }
  return (
    <Stack gap="xs">
      {error && (
        <Alert color="red" role="alert">
          {errorInfo(error).message}
        </Alert>
      )}
      {(data?.systemSettings ?? []).map((s) => (
        <Paper key={s.key} withBorder p="sm" data-testid="setting">
          <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0, flex: "1 1 16rem" }}>
              <Text fw={500} ff="monospace" size="sm" style={{ overflowWrap: "anywhere" }}>
                {s.key}
              </Text>
              <Text size="sm">{s.description}</Text>
              <Text size="xs" c="dimmed">
                Default {s.defaultValue}
                {s.type === "integer" && s.min != null && s.max != null ? ` · ${s.min} to ${s.max}` : ""}
                {s.updatedAt ? ` · changed ${ago(s.updatedAt)}` : ""}
              </Text>
            </Stack>
            {s.type === "boolean" ? (
              <Switch
                aria-label={s.key}
                checked={s.value === "true"}
                onChange={(e) => void save(s.key, String(e.currentTarget.checked)).catch(() => undefined)}
              />
            ) : (
              <IntegerSetting key={s.value} setting={s} save={(v) => save(s.key, v)} />
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

interface HealthReport {
  status: "healthy" | "unhealthy";
  timestamp: string;
  checks: Record<string, { status: "healthy" | "unhealthy"; latencyMs: number; error?: string }>;
}

/** The gateway's `/health`: every subgraph and the gateway's own checks. */
function Health() {
  const [report, setReport] = useState<HealthReport>();
  const [problem, setProblem] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let current = true;
    // 503 still carries the report: it says which part is unhealthy.
    fetch("/health", { headers: { accept: "application/json" }, cache: "no-store" })
      .then((res) => res.json() as Promise<HealthReport>)
      .then(
        (next) => {
          if (!current) return;
          setReport(next);
          setProblem(undefined);
        },
        () => current && setProblem("The gateway did not answer."),
      )
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [asked]);
  const load = () => {
    setLoading(true);
    setAsked((n) => n + 1);
  };

  return (
    <Stack>
      <Group justify="space-between">
        {report && (
          <Badge size="lg" color={report.status === "healthy" ? "teal" : "red"} data-testid="health-status">
            {report.status === "healthy" ? "All services healthy" : "Something is unhealthy"}
          </Badge>
        )}
        <Button variant="light" onClick={load} loading={loading}>
          Check again
        </Button>
      </Group>
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      {report && (
        <Table.ScrollContainer minWidth={320}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Service</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Answered in</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.entries(report.checks).map(([name, c]) => (
                <Table.Tr key={name}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>
                    <Badge color={c.status === "healthy" ? "teal" : "red"} variant="light">
                      {c.status}
                    </Badge>
                    {c.error && (
                      <Text size="xs" c="red">
                        {c.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{c.latencyMs} ms</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed" mt="xs">
            Checked {at(report.timestamp)}
          </Text>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export default function AdminPage() {
  return (
    <Stack>
      <Title order={2}>Admin</Title>
      <RoutedTabs
        base="/admin"
        tabs={[
          { value: "users", label: "People", panel: <Users /> },
          { value: "settings", label: "Settings", panel: <Settings /> },
          { value: "health", label: "Health", panel: <Health /> },
        ]}
      />
    </Stack>
  );
}
