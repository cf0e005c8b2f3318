import { useMutation } from "@apollo/client/react";
import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useMutationFeedback } from "../../forms/feedback";
import { BeginTotpEnrollmentMutation, DisableTotpMutation, SecurityStatusQuery } from "./operations";
import { RecoveryCodes } from "./RecoveryCodes";
import { TotpSetup, type Enrollment } from "./TotpSetup";

type Step = { kind: "idle" } | { kind: "setup"; enrollment: Enrollment } | { kind: "codes"; codes: string[] };

/** The authenticator app: on or off, setting it up with its first code, the recovery codes left. */
export function TotpCard({ enabled, recoveryCodesLeft }: { enabled: boolean; recoveryCodesLeft: number }) {
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [confirmOff, setConfirmOff] = useState(false);
  const [begin, { loading: beginning }] = useMutation(BeginTotpEnrollmentMutation);
  const [disable, { loading: disabling }] = useMutation(DisableTotpMutation, {
    refetchQueries: [SecurityStatusQuery],
    awaitRefetchQueries: true,
  });
  const { run } = useMutationFeedback();

  // Needs a factor proven in the last 5 minutes: "Confirm it's you" asks for it first if not.
  const setUp = () =>
    run(
      async () => {
        const { data } = await begin();
        if (data) setStep({ kind: "setup", enrollment: data.beginTotpEnrollment });
      },
      { loading: "Preparing your authenticator app…", success: "Scan the code with your app." },
    );

  const turnOff = () =>
    run(
      async () => {
        await disable();
        setConfirmOff(false);
      },
      { loading: "Turning the authenticator app off…", success: "The authenticator app is off." },
    );

  return (
    <Paper withBorder p="md" aria-labelledby="authenticator-title" component="section" id="authenticator">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4" id="authenticator-title">
            Authenticator app
          </Title>
          <Badge color={enabled ? "teal" : "gray"} variant="light" data-testid="totp-status">
            {enabled ? "On" : "Off"}
          </Badge>
        </Group>
        {step.kind === "setup" ? (
          <TotpSetup
            enrollment={step.enrollment}
            onCancel={() => setStep({ kind: "idle" })}
            onConfirmed={(codes) => setStep({ kind: "codes", codes })}
          />
        ) : step.kind === "codes" ? (
          <RecoveryCodes codes={step.codes} onDone={() => setStep({ kind: "idle" })} />
        ) : enabled ? (
          <>
            <Text size="sm">
              Signing in asks for a code from your app after your password.{" "}
              <span data-testid="recovery-codes-left">
                {recoveryCodesLeft === 1 ? "1 recovery code" : `${recoveryCodesLeft} recovery codes`} left.
              </span>
            </Text>
            {recoveryCodesLeft <= 3 && (
              <Text size="sm" c="orange">
                Few recovery codes are left: turn the app off and on again for ten new ones.
              </Text>
            )}
            <Group justify="flex-end">
              {confirmOff ? (
                <>
                  <Text size="sm">Turn off the authenticator app and its recovery codes?</Text>
                  <Button variant="default" onClick={() => setConfirmOff(false)}>
                    Keep it
                  </Button>
                  <Button color="red" loading={disabling} onClick={() => void turnOff()}>
                    Yes, turn it off
                  </Button>
                </>
              ) : (
                <Button color="red" variant="light" onClick={() => setConfirmOff(true)}>
                  Turn off
                </Button>
              )}
            </Group>
          </>
        ) : (
          <>
            <Text size="sm">
              A code from an app on your phone, asked after your password, keeps a stolen password from being enough to
              sign in.
            </Text>
            <Group justify="flex-end">
              <Button loading={beginning} onClick={() => void setUp()}>
                Set up
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
