import { useMutation } from "@apollo/client/react";
import { Button, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useMutationFeedback } from "../forms/feedback";
import { LazyModal as Modal } from "../lib/lazy";
import { useSession } from "../session/SessionContext";
import type { Device } from "./model";
import { FORGET_DEVICE } from "./operations";

/**
 * For an admin, on a device the hub no longer lists: deletes it and its history for good, once
 * confirmed. Nothing shows for members, nor for a device the hub still lists (the server refuses).
 */
export function ForgetDeviceButton({ device, onForgotten }: { device: Device; onForgotten?: () => void }) {
  const session = useSession();
  const { run, pending } = useMutationFeedback();
  const [forget] = useMutation(FORGET_DEVICE);
  const [confirming, setConfirming] = useState(false);
  if (!session.isAdmin || !device.removed) return null;
  const forgetIt = async () => {
    const done = await run(
      () =>
        forget({
          variables: { id: device.id },
          update: (cache) => {
            cache.evict({ id: cache.identify(device) });
            cache.gc();
          },
        }),
      { loading: `Forgetting ${device.label}…`, success: `${device.label} and its history are forgotten.` },
    );
    if (done) onForgotten?.();
  };
  return (
    <>
      <Button size="xs" variant="light" color="red" loading={pending} onClick={() => setConfirming(true)}>
        Forget…
      </Button>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Forget ${device.label}?`} centered>
        <Stack>
          <Text size="sm">
            The hub no longer lists {device.label}. Forgetting it deletes it and its whole history from Homegraph; if
            the hub lists it again later, it comes back as a new device.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirming(false);
                void forgetIt();
              }}
            >
              Forget
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
