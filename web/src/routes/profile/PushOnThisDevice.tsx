import { useMutation, useQuery } from "@apollo/client/react";
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useMutationFeedback } from "../../forms/feedback";
import { ago } from "../../lib/time";
import { ADD_PUSH_SUBSCRIPTION, PUSH_SUBSCRIPTIONS, REMOVE_PUSH_SUBSCRIPTION } from "../../notifications/operations";
import {
  pushSupport,
  PushProblem,
  subscribeThisDevice,
  thisDevice,
  unsubscribeThisDevice,
  type PushSupport,
} from "../../notifications/push";
import { deviceName } from "../security/device-name";

function SupportNotice({ support }: { support: PushSupport }) {
  if (support === "unsupported") {
    return (
      <Alert color="gray" data-testid="push-unsupported" title="This browser cannot receive push notifications">
        Use a current Chrome, Edge or Firefox, or on an iPhone or iPad add Homegraph to the home screen (Share → Add to
        Home Screen) and turn push on from there.
      </Alert>
    );
  }
  if (support === "denied") {
    return (
      <Alert color="orange" data-testid="push-denied" title="Notifications are blocked for Homegraph">
        This browser was told not to show Homegraph's notifications. Allow them in the site's settings (the icon beside
        the address), then come back here.
      </Alert>
    );
  }
  return null;
}

/** "Push on this device": subscribe this browser, and the person's subscriptions with remove. */
export function PushOnThisDevice() {
  const [support, setSupport] = useState<PushSupport>(pushSupport);
  const [thisId, setThisId] = useState(thisDevice.get);
  const [problem, setProblem] = useState<string>();
  const [turningOn, setTurningOn] = useState(false);
  const { data, error } = useQuery(PUSH_SUBSCRIPTIONS);
  const [add] = useMutation(ADD_PUSH_SUBSCRIPTION, { refetchQueries: [PUSH_SUBSCRIPTIONS] });
  const [remove] = useMutation(REMOVE_PUSH_SUBSCRIPTION, { refetchQueries: [PUSH_SUBSCRIPTIONS] });
  const { run } = useMutationFeedback();
  const subscriptions = data?.myPushSubscriptions ?? [];
  const onHere = !!thisId && subscriptions.some((s) => s.id === thisId);

  const turnOn = async () => {
    if (!data) return;
    setProblem(undefined);
    setTurningOn(true);
    try {
      const keys = await subscribeThisDevice(data.webPushPublicKey);
      const added = await run(() => add({ variables: { ...keys, userAgent: navigator.userAgent } }), {
        loading: "Turning push on…",
        success: "Push is on for this device.",
      });
      const id = added?.data?.addPushSubscription.id;
      if (id) {
        thisDevice.set(id);
        setThisId(id);
      }
    } catch (err) {
      setProblem(
        err instanceof PushProblem
          ? err.message
          : `The browser could not subscribe: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      setSupport(pushSupport());
      setTurningOn(false);
    }
  };

  const removeOne = async (id: string) => {
    const done = await run(() => remove({ variables: { id } }), {
      loading: "Removing…",
      success: "That device gets no more push notifications.",
    });
    if (done && id === thisId) {
      await unsubscribeThisDevice().catch(() => undefined);
      thisDevice.set(null);
      setThisId(null);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="push-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="push-title">
          Push on this device
        </Title>
        <Text size="sm" c="dimmed">
          Alerts appear on this device even when Homegraph is closed; which kinds arrive by push is set in the table
          above.
        </Text>
        <SupportNotice support={support} />
        {problem && (
          <Alert color="red" role="alert" data-testid="push-problem">
            {problem}
          </Alert>
        )}
        {error && !data && (
          <Alert color="red" role="alert">
            Push cannot be set up right now: the server did not answer. Please try again shortly.
          </Alert>
        )}
        {support === "supported" && (
          <Group>
            {onHere ? (
              <Badge color="teal" variant="light" data-testid="push-on-here">
                On for this device
              </Badge>
            ) : (
              <Button onClick={() => void turnOn()} loading={turningOn} disabled={!data} data-testid="push-turn-on">
                Turn on push for this device
              </Button>
            )}
          </Group>
        )}
        <Title order={4} size="h5">
          Devices that get push
        </Title>
        {data && subscriptions.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="no-push-subscriptions">
            None yet.
          </Text>
        )}
        {subscriptions.map((s) => (
          <Group key={s.id} justify="space-between" wrap="nowrap" data-testid="push-subscription">
            <Stack gap={0}>
              <Group gap="xs">
                <Text size="sm" fw={500}>
                  {deviceName(s.userAgent)}
                </Text>
                {s.id === thisId && (
                  <Badge size="xs" variant="outline">
                    This device
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                Added {ago(s.createdAt)} · last delivered {ago(s.lastSuccessAt, undefined, "never")}
              </Text>
            </Stack>
            <Button
              size="compact-sm"
              variant="default"
              color="red"
              onClick={() => void removeOne(s.id)}
              aria-label={`Remove ${deviceName(s.userAgent)}`}
            >
              Remove
            </Button>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
