import { useQuery } from "@apollo/client/react";
import { Group, Loader, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { QueryError } from "../../../lib/query-error";
import { ACCESS_MATRIX } from "./operations";
import { PersonRows } from "./PersonRows";
import { RoleDefaultsCard } from "./RoleDefaultsCard";

/**
 * People & access (/admin/access): each person × each room, a level per cell ("Default" when
 * nothing is granted), per-device overrides under a person's row, secure devices marked, and the
 * roles' defaults. The home service enforces all of it; this screen only sets it.
 */
export function AccessPanel() {
  const { data, loading, error, refetch } = useQuery(ACCESS_MATRIX);
  const [open, setOpen] = useState<string>();
  const matrix = data?.accessMatrix;
  if (!matrix) {
    return (
      <Stack>
        <QueryError error={error} />
        {loading && <Loader aria-label="Loading people and access" />}
      </Stack>
    );
  }
  const rooms = matrix.rooms;
  const named = rooms.filter((r) => r.name !== null);
  const defaults = new Map(matrix.roleDefaults.map((d) => [d.role, d]));
  const people = matrix.people ?? [];
  return (
    <Stack>
      <Paper withBorder p="md" component="section" aria-labelledby="matrix-title">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3} size="h4" id="matrix-title">
              People and rooms
            </Title>
            {loading && <Loader size="xs" aria-label="Refreshing" />}
          </Group>
          <Text size="sm" c="dimmed">
            A room&apos;s level covers its ordinary devices, new ones included. Open a person&apos;s devices to set one
            device apart, or the alarm and the house mode (each needs its own Control grant). Admins control everything.
          </Text>
          <Table.ScrollContainer minWidth={200 + named.length * 150}>
            <Table verticalSpacing="xs" data-testid="access-matrix">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  {named.map((r) => (
                    <Table.Th key={r.name}>{r.name}</Table.Th>
                  ))}
                  <Table.Th>Devices</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {people.map((person) => (
                  <PersonRows
                    key={person.id}
                    person={person}
                    rooms={rooms}
                    ordinaryDefault={defaults.get(person.role)?.ordinary}
                    open={open === person.id}
                    onToggle={() => setOpen(open === person.id ? undefined : person.id)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      </Paper>
      <RoleDefaultsCard defaults={matrix.roleDefaults} onSaved={() => void refetch()} />
    </Stack>
  );
}
