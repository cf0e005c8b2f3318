import { useQuery } from "@apollo/client/react";
import { Alert, Center, Loader, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { QueryError } from "../../lib/query-error";
import { at } from "../../lib/time";
import { useSession } from "../../session/SessionContext";
import { SecurityStatusQuery } from "./operations";
import { PasskeysCard } from "./PasskeysCard";
import { Sessions } from "./Sessions";
import { TotpCard } from "./TotpCard";

/** How the person signs in and where: passkeys, the authenticator app, their sessions. */
export default function SecurityPage() {
  const { data, loading, error } = useQuery(SecurityStatusQuery);
  const status = data?.mySecondFactor;
  // Until a second factor is set up (when the household insists), only enrolment is open.
  const { enrolmentOnly } = useSession();

  return (
    <Stack>
      <Title order={2}>Security</Title>
      <Text c="dimmed" size="sm">
        How you sign in, and where you are signed in.
      </Text>
      <QueryError error={error} title="Your sign-in factors could not be loaded" />
      {status?.required && !status.totpEnabled && status.passkeys.length === 0 && (
        <Alert color="yellow" title="Your household asks for a second factor" data-testid="second-factor-required">
          Add a passkey or an authenticator app
          {status.enrolBy ? ` before ${at(status.enrolBy)}` : ""}: after that, only this screen opens until you do.
        </Alert>
      )}
      {loading && !data ? (
        <Center p="xl">
          <Loader aria-label="Loading your sign-in factors" />
        </Center>
      ) : (
        status && (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <PasskeysCard passkeys={status.passkeys} />
            <TotpCard enabled={status.totpEnabled} recoveryCodesLeft={status.recoveryCodesLeft} />
          </SimpleGrid>
        )
      )}
      {!enrolmentOnly && <Sessions />}
    </Stack>
  );
}
