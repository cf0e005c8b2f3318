import { useMutation } from "@apollo/client/react";
import { Button, NativeSelect, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useMutationFeedback } from "../../../forms/feedback";
import type { AccessLevel, Role } from "../../../gql/graphql";
import { LEVEL_LABEL, LEVELS } from "./levels";
import { SET_ROLE_ACCESS_DEFAULTS } from "./operations";

interface Defaults {
  role: Role;
  ordinary: AccessLevel;
  secure: AccessLevel;
}

const ROLE_LABEL: Partial<Record<Role, string>> = { MEMBER: "Members", GUEST: "Guests" };
const options = (levels: AccessLevel[]) => levels.map((l) => ({ value: l, label: LEVEL_LABEL[l] }));

function RoleRow({ defaults, onSaved }: { defaults: Defaults; onSaved: () => void }) {
  const [ordinary, setOrdinary] = useState(defaults.ordinary);
  const [secure, setSecure] = useState(defaults.secure);
  const [save] = useMutation(SET_ROLE_ACCESS_DEFAULTS);
  const { run, pending } = useMutationFeedback();
  const changed = ordinary !== defaults.ordinary || secure !== defaults.secure;
  const name = ROLE_LABEL[defaults.role] ?? defaults.role;
  return (
    <Table.Tr data-testid={`role-defaults-${defaults.role}`}>
      <Table.Td>{name}</Table.Td>
      <Table.Td>
        <NativeSelect
          size="xs"
          aria-label={`${name}: ordinary devices`}
          data={options(LEVELS)}
          value={ordinary}
          onChange={(e) => setOrdinary(e.currentTarget.value as AccessLevel)}
        />
      </Table.Td>
      <Table.Td>
        <NativeSelect
          size="xs"
          aria-label={`${name}: secure devices`}
          data={options(["NONE", "VIEW"])}
          value={secure}
          onChange={(e) => setSecure(e.currentTarget.value as AccessLevel)}
        />
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="light"
          disabled={!changed}
          loading={pending}
          onClick={async () => {
            const done = await run(() => save({ variables: { role: defaults.role, ordinary, secure } }), {
              loading: `Saving the defaults of ${name.toLowerCase()}…`,
              success: `${name} now get ${LEVEL_LABEL[ordinary]} of ordinary devices and ${LEVEL_LABEL[secure]} of secure ones where nobody granted anything.`,
            });
            if (done) onSaved();
          }}
        >
          Save
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** What each role gets where nobody granted anything; secure devices stop at VIEW. */
export function RoleDefaultsCard({ defaults, onSaved }: { defaults: Defaults[]; onSaved: () => void }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="role-defaults-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="role-defaults-title">
          Role defaults
        </Title>
        <Text size="sm" c="dimmed">
          What a person gets where no room or device grant says otherwise. Locks, garage doors, valves and alarm panels
          go no further than View by default: each needs its own Control grant.
        </Text>
        <Table.ScrollContainer minWidth={420}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Role</Table.Th>
                <Table.Th>Ordinary devices</Table.Th>
                <Table.Th>Secure devices, alarm and mode</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {defaults.map((d) => (
                <RoleRow key={`${d.role}:${d.ordinary}:${d.secure}`} defaults={d} onSaved={onSaved} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}
