import { useMutation, useQuery } from "@apollo/client/react";
import { Alert, Anchor, Button, Group, Loader, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { errorInfo } from "../forms/errors";
import { passkeysSupported } from "../session/passkey";
import { useSessionStore } from "../session/SessionContext";
import { usePasskeyStepUp } from "./passkey-step-up";
import type { StepUpGate } from "./step-up";
import { MySecondFactorQuery, StepUpMutation } from "./step-up-operations";

type Method = "passkey" | "password" | "code" | "recoveryCode";

const EXPLAIN: Record<Method, string> = {
  passkey: "This change needs your passkey: your fingerprint, face or device PIN.",
  password: "This change needs your password again.",
  code: "This change needs a code from your authenticator app.",
  recoveryCode: "This change needs one of your recovery codes (each works once).",
};

/**
 * The prompt's form (its own chunk): a passkey when the person has one and the browser can use
 * it, else the authenticator app's code (or a recovery code), else the password.
 */
export default function StepUpForm({ gate }: { gate: StepUpGate }) {
  const session = useSessionStore();
  const factor = useQuery(MySecondFactorQuery, { fetchPolicy: "network-only" });
  const [stepUp, { loading }] = useMutation(StepUpMutation);
  const passkey = usePasskeyStepUp();
  const [chosen, setChosen] = useState<Method | null>(null);
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  if (factor.loading && !factor.data) {
    return (
      <Group justify="center" py="md">
        <Loader size="sm" aria-label="Checking your sign-in factors" />
      </Group>
    );
  }
  const totp = !!factor.data?.mySecondFactor.totpEnabled;
  const hasPasskey = !!factor.data?.mySecondFactor.passkeys.length && passkeysSupported();
  // Without an answer about the factors, the password is the one to try (the server says if not).
  const other: Method = totp ? "code" : "password";
  const method: Method = chosen ?? (hasPasskey ? "passkey" : other);

  const choose = (next: Method) => {
    setChosen(next);
    setValue("");
    setProblem(null);
    passkey.clearProblem();
  };

  const accept = (token: { accessToken: string; expiresAt: string }) => {
    session.acceptToken(token);
    gate.answer(true);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (method === "passkey") {
      const token = await passkey.confirm();
      if (token) accept(token);
      return;
    }
    try {
      const { data } = await stepUp({ variables: { [method]: value.trim() } });
      if (!data) throw new Error("The server did not confirm it. Please try again.");
      accept(data.stepUp);
    } catch (err) {
      setProblem(errorInfo(err).message);
    }
  };

  const alternatives: { to: Method; label: string }[] = [];
  if (method !== "passkey" && hasPasskey) alternatives.push({ to: "passkey", label: "Use a passkey instead" });
  if (method === "passkey" || method === "recoveryCode")
    alternatives.push({
      to: other,
      label: other === "code" ? "Use your authenticator app instead" : "Use your password instead",
    });
  if (method === "code") alternatives.push({ to: "recoveryCode", label: "Use a recovery code instead" });
  const shown = method === "passkey" ? passkey.problem : problem;

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <Text size="sm">{EXPLAIN[method]}</Text>
        {method === "password" && (
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            data-autofocus
            required
          />
        )}
        {(method === "code" || method === "recoveryCode") && (
          <TextInput
            label={method === "code" ? "Authenticator code" : "Recovery code"}
            autoComplete="one-time-code"
            inputMode={method === "code" ? "numeric" : "text"}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            data-autofocus
            required
          />
        )}
        {alternatives.map((a) => (
          <Anchor key={a.to} component="button" type="button" size="sm" onClick={() => choose(a.to)}>
            {a.label}
          </Anchor>
        ))}
        {shown && (
          <Alert color="red" data-testid="step-up-problem">
            {shown}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => gate.answer(false)}>
            Cancel
          </Button>
          {method === "passkey" ? (
            <Button type="submit" loading={passkey.working} data-autofocus>
              Use passkey
            </Button>
          ) : (
            <Button type="submit" loading={loading} disabled={!value.trim()}>
              Confirm
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
