import { useMutation } from "@apollo/client/react";
import { Badge, Button, Group, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { useMutationFeedback } from "../../../forms/feedback";
import type {
  AccessLevel,
  AccessMatrixQuery,
  PersonAccessFieldsFragment,
  SecureCapability,
} from "../../../gql/graphql";
import { LockIcon } from "../../../lib/LockIcon";
import { LevelSelect } from "./LevelSelect";
import { CAPABILITIES, LEVEL_LABEL, SECURE_NOTE, SOURCE_LABEL } from "./levels";
import { SET_CAPABILITY_ACCESS, SET_DEVICE_ACCESS, SET_ROOM_ACCESS } from "./operations";

type Matrix = AccessMatrixQuery["accessMatrix"];
export type Person = NonNullable<Matrix["people"]>[number];
type Access = PersonAccessFieldsFragment;

const levelWord = (level: AccessLevel | null) => (level ? LEVEL_LABEL[level] : "the default");

function useGrants(person: Person) {
  const [setRoom] = useMutation(SET_ROOM_ACCESS);
  const [setDevice] = useMutation(SET_DEVICE_ACCESS);
  const [setCapability] = useMutation(SET_CAPABILITY_ACCESS);
  const { run } = useMutationFeedback();
  return {
    room: (room: string, level: AccessLevel | null) =>
      run(() => setRoom({ variables: { userId: person.id, room, level } }), {
        loading: "Saving…",
        success: `${person.displayName}: ${room} is now ${levelWord(level)}.`,
      }),
    // Granting CONTROL of a lock asks for a step-up: the app's prompt opens and the change is sent again.
    device: (deviceId: string, label: string, level: AccessLevel | null) =>
      run(() => setDevice({ variables: { userId: person.id, deviceId, level } }), {
        loading: "Saving…",
        success: `${person.displayName}: ${label} is now ${levelWord(level)}.`,
      }),
    // As for a lock: CONTROL of the alarm or the mode asks for a step-up first.
    capability: (capability: SecureCapability, label: string, level: AccessLevel | null) =>
      run(() => setCapability({ variables: { userId: person.id, capability, level } }), {
        loading: "Saving…",
        success: `${person.displayName}: ${label} is now ${levelWord(level)}.`,
      }),
  };
}

/** The whole house's secure capabilities (the alarm, the mode), one row each, above the rooms' devices. */
function CapabilityRows({ person, access }: { person: Person; access: Access }) {
  const grants = useGrants(person);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Whole house
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs">
        {CAPABILITIES.map(({ capability, label }) => {
          const mine = access.capabilities.find((c) => c.capability === capability);
          return (
            <Group
              key={capability}
              justify="space-between"
              wrap="nowrap"
              gap="xs"
              data-testid={`capability-access-${capability}`}
            >
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" truncate>
                  <LockIcon label="Secure capability" />
                  {label}
                </Text>
                <Text size="xs" c="dimmed">
                  {SECURE_NOTE}
                </Text>
              </Stack>
              <LevelSelect
                label={`${person.displayName}: ${label}`}
                granted={mine?.granted ?? null}
                inherited={mine?.granted ? undefined : mine?.level}
                from={mine && !mine.granted ? SOURCE_LABEL[mine.source] : "role default"}
                onChange={(level) => void grants.capability(capability, label, level)}
              />
            </Group>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}

/** The expanded row: every device by room, its level for this person, secure ones marked. */
function DeviceOverrides({ person, access, rooms }: { person: Person; access: Access; rooms: Matrix["rooms"] }) {
  const grants = useGrants(person);
  const byId = new Map(access.devices.map((d) => [d.deviceId, d]));
  return (
    <Stack gap="sm" data-testid={`devices-of-${person.id}`}>
      <CapabilityRows person={person} access={access} />
      {rooms.map((room) => (
        <Stack key={room.name ?? ""} gap={4}>
          <Text size="sm" fw={600}>
            {room.name ?? "No room"}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs">
            {room.devices.map(({ device, secure }) => {
              const mine = byId.get(device.id);
              return (
                <Group
                  key={device.id}
                  justify="space-between"
                  wrap="nowrap"
                  gap="xs"
                  data-testid={`device-access-${device.id}`}
                >
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {secure && <LockIcon label="Secure device" />}
                      {device.label}
                    </Text>
                    {secure && (
                      <Text size="xs" c="dimmed">
                        {SECURE_NOTE}
                      </Text>
                    )}
                  </Stack>
                  <LevelSelect
                    label={`${person.displayName}: ${device.label}`}
                    granted={mine?.granted ?? null}
                    inherited={mine?.granted ? undefined : mine?.level}
                    from={mine && !mine.granted ? SOURCE_LABEL[mine.source] : "room or role"}
                    onChange={(level) => void grants.device(device.id, device.label, level)}
                  />
                </Group>
              );
            })}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}

/** A person's row of the matrix (a level per room), and below it, when open, their device overrides. */
export function PersonRows(props: {
  person: Person;
  rooms: Matrix["rooms"];
  ordinaryDefault?: AccessLevel;
  open: boolean;
  onToggle: () => void;
}) {
  const { person, rooms, open } = props;
  const grants = useGrants(person);
  const access = person.homeAccess;
  const named = rooms.filter((r): r is typeof r & { name: string } => r.name !== null);
  const admin = person.role === "ADMIN";
  return (
    <>
      <Table.Tr data-testid={`person-${person.id}`}>
        <Table.Td>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={500}>
              {person.displayName}
            </Text>
            {person.role !== "MEMBER" && (
              <Badge size="xs" variant="light" color={admin ? "grape" : "teal"}>
                {admin ? "Admin" : "Guest"}
              </Badge>
            )}
          </Group>
        </Table.Td>
        {named.map((room) => {
          const mine = access?.rooms.find((r) => r.room === room.name);
          return (
            <Table.Td key={room.name}>
              {admin || !access ? (
                <Text size="xs" c="dimmed">
                  {admin ? "Control (admin)" : "—"}
                </Text>
              ) : (
                <LevelSelect
                  label={`${person.displayName} in ${room.name}`}
                  granted={mine?.granted ?? null}
                  inherited={mine?.granted ? props.ordinaryDefault : mine?.level}
                  from="role default"
                  onChange={(level) => void grants.room(room.name, level)}
                  testId={`room-level-${person.id}-${room.name}`}
                />
              )}
            </Table.Td>
          );
        })}
        <Table.Td>
          {!admin && access && (
            <Button size="xs" variant="subtle" onClick={props.onToggle} aria-expanded={open}>
              {open ? "Hide devices" : "Devices…"}
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      {open && access && (
        <Table.Tr>
          <Table.Td colSpan={named.length + 2}>
            <DeviceOverrides person={person} access={access} rooms={rooms} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
