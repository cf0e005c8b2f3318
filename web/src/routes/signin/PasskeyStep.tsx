import { Anchor, Stack, Text, Title } from "@mantine/core";
import type { PasskeyCeremony } from "../../session/store";
import { PasskeyButton } from "./PasskeyButton";

/**
 * The household asks this person for a second factor and their only one is a passkey: the password
 * was right, and the passkey (which names its person) finishes the sign-in on its own.
 */
export function PasskeyStep(props: { onSignedIn: () => void; onRestart: () => void; ceremony?: PasskeyCeremony }) {
  return (
    <Stack gap="md" maw={420} mx="auto" data-testid="passkey-step">
      <Title order={1} size="h2">
        Use your passkey
      </Title>
      <Text size="sm">
        Your password was right. Your household asks for a second factor: confirm with the passkey on this device or
        your phone.
      </Text>
      <PasskeyButton onSignedIn={props.onSignedIn} ceremony={props.ceremony} />
      <Anchor component="button" type="button" size="sm" onClick={props.onRestart}>
        Start over
      </Anchor>
    </Stack>
  );
}
