import { useMutation, useQuery } from "@apollo/client/react";
import {
  Badge,
  Button,
  Group,
  Loader,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { useCheckedForm } from "../../forms/checked-form";
import { useMutationFeedback } from "../../forms/feedback";
import { FormCard } from "../../forms/FormCard";
import { DISPLAY_NAME_MAX_CHARS, email, maxChars } from "../../forms/rules";
import type { Role } from "../../gql/graphql";
import { ago } from "../../lib/time";
import { useSession } from "../../session/SessionContext";
import {
  DisableUserMutation,
  EnableUserMutation,
  InviteUserMutation,
  SetUserRoleMutation,
  UsersQuery,
} from "./operations";
import { QueryError } from "../../lib/query-error";

const PAGE_SIZE = 20;
const ROLES: { value: Role; label: string }[] = [
  { value: "MEMBER", label: "Member" },
  { value: "ADMIN", label: "Admin" },
];

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const [invite] = useMutation(InviteUserMutation);
  const { run } = useMutationFeedback();
  const form = useCheckedForm({
    initialValues: { email: "", displayName: "", role: "MEMBER" },
    validate: { email, displayName: maxChars(DISPLAY_NAME_MAX_CHARS, "The display name") },
  });
  return (
    <FormCard
      title="Invite someone"
      titleId="invite-title"
      submitLabel="Send invitation"
      form={form}
      onSubmit={form.handleSubmit(async (v) => {
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
        <TextInput label="Email" type="email" required {...form.getInputProps("email")} />
        <TextInput label="Display name" description="Optional" {...form.getInputProps("displayName")} />
        <Select
          label="Role"
          name="role"
          data={ROLES}
          allowDeselect={false}
          value={form.values.role}
          onChange={(v) => v && form.setFieldValue("role", v)}
        />
      </SimpleGrid>
    </FormCard>
  );
}

export function UsersPanel() {
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
      <QueryError error={error} />
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
