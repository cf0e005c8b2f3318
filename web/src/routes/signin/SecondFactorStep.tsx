import { Anchor, Button, Group, Text, TextInput } from "@mantine/core";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { FormError } from "../../forms/FormError";
import { ApiError, type SecondFactorChallenge } from "../../session/auth-api";
import { useSessionStore } from "../../session/SessionContext";

type Method = "code" | "recoveryCode";

export const CHALLENGE_EXPIRED = "This sign-in has expired. Enter your email and password again.";

/**
 * A sign-in answered with a challenge after the right password is spent or out of time: the
 * person starts over from the password (with the server's reason, e.g. the challenge expired).
 */
export function challengeGone(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === "UNAUTHENTICATED") return error.message || CHALLENGE_EXPIRED;
  if (error.field === "challenge") return CHALLENGE_EXPIRED;
  return undefined;
}

const digits = (value: string) => value.replace(/\s/g, "");

/** The sign-in's second step: the authenticator app's 6-digit code, or one of the recovery codes. */
export function SecondFactorStep(props: {
  challenge: SecondFactorChallenge;
  onSignedIn: () => void;
  /** Back to the password step, with why. */
  onRestart: (message?: string) => void;
}) {
  const store = useSessionStore();
  const first: Method = props.challenge.methods.includes("TOTP") ? "code" : "recoveryCode";
  const form = useCheckedForm({
    initialValues: { method: first as Method, code: "", recoveryCode: "" },
    validate: {
      code: (value, values) =>
        values.method !== "code" || /^\d{6}$/.test(digits(value)) ? undefined : "Enter the 6 digits from your app.",
      recoveryCode: (value, values) =>
        values.method !== "recoveryCode" || value.trim() ? undefined : "Enter one of your recovery codes.",
    },
  });
  const method = form.values.method;
  const other: Method = method === "code" ? "recoveryCode" : "code";
  const canSwitch = props.challenge.methods.includes(other === "code" ? "TOTP" : "RECOVERY_CODE");

  const switchTo = (next: Method) => {
    form.setValues({ method: next, code: "", recoveryCode: "" });
    form.clearErrors();
  };

  return (
    <FormCard
      title="Enter your code"
      level="screen"
      onSubmit={form.handleSubmit(async (v) => {
        const proof = v.method === "code" ? { code: digits(v.code) } : { recoveryCode: v.recoveryCode.trim() };
        try {
          await store.completeSignIn(props.challenge.challenge, proof);
        } catch (error) {
          const gone = challengeGone(error);
          if (gone) return props.onRestart(gone);
          throw error;
        }
        props.onSignedIn();
      })}
    >
      {method === "code" ? (
        <>
          <Text size="sm">Your password was right. Open your authenticator app and enter the code for Homegraph.</Text>
          <TextInput
            key="code"
            label="Authenticator code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            required
            data-autofocus
            autoFocus
            {...form.getInputProps("code")}
          />
        </>
      ) : (
        <>
          <Text size="sm">
            Enter one of the recovery codes you saved when you set up your app. Each works once, and we email you when
            one is used.
          </Text>
          <TextInput
            key="recoveryCode"
            label="Recovery code"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            {...form.getInputProps("recoveryCode")}
          />
        </>
      )}
      <FormError message={form.formError} />
      <Button type="submit" loading={form.submitting}>
        Sign in
      </Button>
      <Group justify="space-between">
        {canSwitch ? (
          <Anchor component="button" type="button" size="sm" onClick={() => switchTo(other)}>
            {other === "recoveryCode" ? "Use a recovery code instead" : "Use your authenticator app instead"}
          </Anchor>
        ) : (
          <span />
        )}
        <Anchor component="button" type="button" size="sm" onClick={() => props.onRestart()}>
          Start over
        </Anchor>
      </Group>
    </FormCard>
  );
}
