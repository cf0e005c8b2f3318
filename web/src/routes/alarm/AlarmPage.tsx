import { useMutation, useQuery } from "@apollo/client/react";
import { Alert, Button, Group, Loader, Modal, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { alertLabel, isArming, secondsLeft, statusLabel, toneOf, TONE_COLORS } from "../../alarm/model";
import { useAlarmLive, useNow } from "../../alarm/useAlarmLive";
import { STEP_UP_REQUIRED } from "../../apollo/step-up";

import { errorInfo } from "../../forms/errors";
import type { HsmCommand } from "../../gql/graphql";
import { LockIcon } from "../../lib/LockIcon";
import { QueryError } from "../../lib/query-error";
import { VIEW_ONLY } from "../../lib/view-only";
import { ago, at } from "../../lib/time";
import { AlarmHistory } from "./AlarmHistory";
import { ALARM_HISTORY, ALARM_PANEL, SET_ALARM } from "./operations";

/** What each button asks of HSM; disarming is confirmed first. */
const ACTIONS: { value: HsmCommand; label: string; done: (status: string | null | undefined) => boolean }[] = [
  { value: "armAway", label: "Arm away", done: (s) => s === "armedAway" || s === "armingAway" },
  { value: "armHome", label: "Arm home", done: (s) => s === "armedHome" || s === "armingHome" },
  { value: "armNight", label: "Arm night", done: (s) => s === "armedNight" || s === "armingNight" },
];

export default function AlarmPage() {
  const { data, error, loading } = useQuery(ALARM_PANEL);
  const history = useQuery(ALARM_HISTORY);
  useAlarmLive(() => void history.refetch());
  const [setAlarm] = useMutation(SET_ALARM);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState<HsmCommand | null>(null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);

  const hub = data?.hub;
  const status = hub?.hsmStatus ?? null;
  const arming = isArming(status);
  const now = useNow(arming && !!hub?.hsmArmingUntil);

  if (loading && !data) {
    return (
      <Group justify="center" py="xl">
        <Loader aria-label="Loading the alarm" />
      </Group>
    );
  }
  if (!hub) return <QueryError error={error} title="The alarm could not be loaded" />;

  const send = async (value: HsmCommand) => {
    setProblem(null);
    setSending(value);
    try {
      await setAlarm({ variables: { value } });
      void history.refetch();
    } catch (err) {
      setProblem(errorInfo(err));
    } finally {
      setSending(null);
    }
  };

  const alert = hub.hsmAlert;
  const tone = toneOf(status, !!alert);
  const left = arming ? secondsLeft(hub.hsmArmingUntil, now) : null;
  // The server refuses setHsm without CONTROL of HSM: say so instead of failing.
  const level = hub.myAccess.hsm;
  const canChange = level === "CONTROL" && hub.configured;
  const disarmed = status === "disarmed" || status === "allDisarmed";

  return (
    <Stack gap="lg" maw={720}>
      <Title order={2}>Alarm</Title>
      {alert && (
        <Alert color="red" variant="filled" title={`Alert: ${alertLabel(alert.kind)}`} data-testid="alarm-alert">
          {alert.text && alert.text !== alert.kind ? `${alert.text} · ` : ""}
          <span title={at(alert.at)}>{ago(alert.at)}</span>
        </Alert>
      )}
      {hub.configured && !hub.connected && (
        <Alert color="orange" title="The hub is not connected">
          {hub.problem ?? "Homegraph cannot reach the hub."} The alarm's state may be out of date.
        </Alert>
      )}
      <Paper withBorder p="lg" radius="md" data-testid="alarm-status" data-tone={tone}>
        <Text size="sm" c="dimmed">
          Hubitat Safety Monitor
        </Text>
        <Text fz={{ base: 32, sm: 44 }} fw={700} c={TONE_COLORS[tone]} lh={1.2}>
          {statusLabel(status)}
        </Text>
        {arming && (
          <Text size="lg" mt="xs" data-testid="alarm-countdown" aria-live="polite">
            {left === null
              ? "Arming… the hub does not say how long its exit delay is."
              : left > 0
                ? `Armed in ${left} s`
                : "Arming…"}
          </Text>
        )}
      </Paper>
      {problem && (
        <Alert
          color={problem.code === STEP_UP_REQUIRED ? "yellow" : "red"}
          title={problem.code === STEP_UP_REQUIRED ? "Not confirmed" : "Not done"}
          data-testid="alarm-problem"
          withCloseButton
          onClose={() => setProblem(null)}
        >
          {problem.code === STEP_UP_REQUIRED
            ? "Disarming needs you to confirm it's you. Disarm again and confirm when asked."
            : problem.message}
        </Alert>
      )}
      {level !== "CONTROL" && (
        <Text size="sm" c="dimmed" data-testid="alarm-view-only">
          <LockIcon size={12} />
          {level === "VIEW" ? VIEW_ONLY : "You may not see the alarm: ask an admin for access"}
        </Text>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {ACTIONS.map((action) => (
          <Button
            key={action.value}
            size="md"
            variant={action.done(status) ? "filled" : "default"}
            disabled={!canChange || action.done(status)}
            loading={sending === action.value}
            onClick={() => void send(action.value)}
          >
            {action.label}
          </Button>
        ))}
        <Button
          size="md"
          color="red"
          variant={disarmed ? "default" : "filled"}
          disabled={!canChange || (disarmed && !alert)}
          loading={sending === "disarm"}
          onClick={() => setConfirming(true)}
        >
          Disarm
        </Button>
      </SimpleGrid>
      <AlarmHistory entries={history.data?.hsmHistory} error={history.error} />
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Disarm the alarm?" centered>
        <Stack>
          <Text>HSM stops watching the house, and any alert in force is cancelled.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep armed
            </Button>
            <Button
              color="red"
              data-testid="confirm-disarm"
              onClick={() => {
                setConfirming(false);
                void send("disarm");
              }}
            >
              Disarm
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
