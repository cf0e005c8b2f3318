import { Group, NativeSelect, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import type { GuestAccessLevel } from "../../../gql/graphql";
import { LockIcon } from "../../../lib/LockIcon";
import { deviceKey, roomKey, type Openings } from "./pass-form";

export interface Choice {
  id: string;
  label: string;
  room: string | null;
  capabilities: string[];
}

const OPTIONS = [
  { value: "", label: "Not included" },
  { value: "VIEW", label: "View" },
  { value: "CONTROL", label: "Control" },
];

export const isLock = (c: Pick<Choice, "capabilities">) => c.capabilities.includes("Lock");

function Level(props: { label: string; value?: GuestAccessLevel; onChange: (level?: GuestAccessLevel) => void }) {
  return (
    <NativeSelect
      size="xs"
      w={130}
      aria-label={props.label}
      data={OPTIONS}
      value={props.value ?? ""}
      onChange={(e) => props.onChange((e.currentTarget.value || undefined) as GuestAccessLevel | undefined)}
      styles={{ input: props.value ? { fontWeight: 600 } : { color: "var(--mantine-color-dimmed)" } }}
    />
  );
}

/** What the pass opens: a whole room (its devices, new ones too), or single devices. */
export function OpeningsPicker(props: {
  devices: Choice[];
  openings: Openings;
  onChange: (openings: Openings) => void;
  error?: string;
}) {
  const set = (key: string, level?: GuestAccessLevel) => {
    const next = { ...props.openings };
    if (level) next[key] = level;
    else delete next[key];
    props.onChange(next);
  };
  const rooms = new Map<string, Choice[]>();
  for (const d of props.devices) {
    const room = d.room ?? "";
    rooms.set(room, [...(rooms.get(room) ?? []), d]);
  }
  const names = [...rooms.keys()].sort((a, b) => (a && b ? a.localeCompare(b) : a ? -1 : 1));
  return (
    <Stack gap="xs" data-testid="pass-openings">
      <Text size="sm" fw={500}>
        What the guest may use
      </Text>
      <Text size="xs" c="dimmed">
        A room opens its ordinary devices; a lock needs to be chosen on its own, with Control.
      </Text>
      {props.error && (
        <Text size="sm" c="red" role="alert">
          {props.error}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
        {names.map((room) => (
          <Paper key={room} withBorder p="xs">
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600}>
                  {room || "No room"}
                </Text>
                {room && (
                  <Level
                    label={`Whole room: ${room}`}
                    value={props.openings[roomKey(room)]}
                    onChange={(l) => set(roomKey(room), l)}
                  />
                )}
              </Group>
              {rooms.get(room)!.map((d) => (
                <Group key={d.id} justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" truncate>
                    {isLock(d) && <LockIcon label="Lock" />}
                    {d.label}
                  </Text>
                  <Level
                    label={d.label}
                    value={props.openings[deviceKey(d.id)]}
                    onChange={(l) => set(deviceKey(d.id), l)}
                  />
                </Group>
              ))}
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
