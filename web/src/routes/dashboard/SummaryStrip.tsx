import { useMutation } from "@apollo/client/react";
import { Anchor, Badge, Button, Card, Group, List, SimpleGrid, Stack, Text } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { numberAttr, withAttributes, type Device } from "../../devices/model";
import { LOCK, SET_SWITCH } from "../../devices/operations";
import { useMutationFeedback } from "../../forms/feedback";
import { LazyModal as Modal } from "../../lib/lazy";
import { LOW_BATTERY_PERCENT, type HouseSummary } from "./summary";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Tile(props: { title: string; testId: string; value: ReactNode; detail?: ReactNode; action?: ReactNode }) {
  return (
    <Card withBorder padding="sm" data-testid={props.testId} component="section" aria-label={props.title}>
      <Stack gap={4} h="100%" justify="space-between">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {props.title}
        </Text>
        <Text component="div" fw={700} size="lg" lh={1.2}>
          {props.value}
        </Text>
        {props.detail}
        {props.action && <Group gap="xs">{props.action}</Group>}
      </Stack>
    </Card>
  );
}

/** A count that opens the list of the devices behind it. */
function DeviceListButton(props: { title: string; devices: Device[]; describe?: (d: Device) => string }) {
  const [open, setOpen] = useState(false);
  if (!props.devices.length) return null;
  return (
    <>
      <Button size="compact-sm" variant="subtle" onClick={() => setOpen(true)}>
        Show which
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={props.title} centered>
        <List spacing="xs">
          {props.devices.map((d) => (
            <List.Item key={d.id}>
              <Anchor component={Link} to={`/devices/${d.id}`}>
                {d.label}
              </Anchor>
              {props.describe && (
                <Text span c="dimmed" size="sm">
                  {" "}
                  {props.describe(d)}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      </Modal>
    </>
  );
}

/** Every light off: one command per light, each through the hub's queue (which paces them). */
function AllOffButton({ lights }: { lights: Device[] }) {
  const { run, pending } = useMutationFeedback();
  const [setSwitch] = useMutation(SET_SWITCH);
  if (!lights.length) return null;
  const allOff = () =>
    run(
      () =>
        Promise.all(
          lights.map((d) =>
            setSwitch({
              variables: { deviceId: d.id, on: false },
              optimisticResponse: { __typename: "Mutation", setSwitch: withAttributes(d, { switch: "off" }) },
            }),
          ),
        ),
      { loading: `Turning off ${plural(lights.length, "light")}…`, success: "The lights are off." },
    );
  return (
    <Button size="compact-sm" variant="light" loading={pending} onClick={() => void allOff()}>
      All off
    </Button>
  );
}

/** Locks are what keeps people out: locking them all is asked first, and says which. */
function LockAllButton({ locks }: { locks: Device[] }) {
  const { run, pending } = useMutationFeedback();
  const [lock] = useMutation(LOCK);
  const [confirming, setConfirming] = useState(false);
  if (!locks.length) return null;
  const lockAll = () =>
    run(() => Promise.all(locks.map((d) => lock({ variables: { deviceId: d.id } }))), {
      loading: `Locking ${plural(locks.length, "lock")}…`,
      success: "Every lock is locked.",
    });
  return (
    <>
      <Button size="compact-sm" variant="light" loading={pending} onClick={() => setConfirming(true)}>
        Lock all…
      </Button>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Lock every door?" centered>
        <Stack>
          <Text size="sm">
            This locks {locks.map((d) => d.label).join(", ")}. Anyone outside will need a key or code.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              onClick={() => {
                setConfirming(false);
                void lockAll();
              }}
            >
              Lock all
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** The house at a glance, above the rooms: counts with the one tap each calls for. */
export function SummaryStrip({ summary }: { summary: HouseSummary }) {
  const { lightsOn, openContacts, unlockedLocks, lowBatteries, unreachable, alarm } = summary;
  const doorsOk = !openContacts.length && !unlockedLocks.length;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" data-testid="summary">
      <Tile
        title="Lights"
        testId="summary-lights"
        value={lightsOn.length ? `${plural(lightsOn.length, "light")} on` : "All off"}
        action={
          <>
            <AllOffButton lights={lightsOn} />
            <DeviceListButton title="Lights on" devices={lightsOn} />
          </>
        }
      />
      <Tile
        title="Doors and locks"
        testId="summary-doors"
        value={
          doorsOk
            ? "All closed and locked"
            : [
                openContacts.length ? `${openContacts.length} open` : "",
                unlockedLocks.length ? `${unlockedLocks.length} unlocked` : "",
              ]
                .filter(Boolean)
                .join(", ")
        }
        action={
          <>
            <LockAllButton locks={unlockedLocks} />
            <DeviceListButton
              title="Open or unlocked"
              devices={[...openContacts, ...unlockedLocks]}
              describe={(d) => (openContacts.includes(d) ? "open" : "unlocked")}
            />
          </>
        }
      />
      <Tile
        title="Alarm"
        testId="summary-alarm"
        value={
          <Badge size="lg" variant="light" color={alarm.alerting ? "red" : alarm.armed ? "teal" : "gray"}>
            {alarm.label}
          </Badge>
        }
        action={
          <Anchor component={Link} to="/alarm" size="sm">
            Open the alarm
          </Anchor>
        }
      />
      <Tile
        title="Batteries"
        testId="summary-batteries"
        value={lowBatteries.length ? `${plural(lowBatteries.length, "battery", "batteries")} low` : "All good"}
        detail={
          lowBatteries.length ? (
            <Text size="xs" c="dimmed">
              under {LOW_BATTERY_PERCENT}%
            </Text>
          ) : undefined
        }
        action={
          <DeviceListButton
            title={`Batteries under ${LOW_BATTERY_PERCENT}%`}
            devices={lowBatteries}
            describe={(d) => `${numberAttr(d, "battery")}%`}
          />
        }
      />
      <Tile
        title="Offline"
        testId="summary-offline"
        value={unreachable.length ? `${plural(unreachable.length, "device")}` : "All online"}
        action={
          <DeviceListButton
            title="Offline or out of date"
            devices={unreachable}
            describe={(d) => (d.online ? "values may be out of date" : "offline")}
          />
        }
      />
    </SimpleGrid>
  );
}
