import { useMutation, useQuery } from "@apollo/client/react";
import { Alert, Anchor, Button, Group, Loader, Modal, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { errorInfo } from "../forms/errors";
import { useSessionStore } from "../session/SessionContext";
import { stepUpGate, type StepUpGate } from "./step-up";
import { MySecondFactorQuery, StepUpMutation } from "./step-up-operations";

type Method = "password" | "code" | "recoveryCode";

/**
 * "Confirm it's you": mounted once in the app, opened by the Apollo link when a mutation needs a
 * recently proven factor. A person with an authenticator app gives its code (or a recovery code),
 * anyone else their password.
 */
export function StepUpPrompt({ gate = stepUpGate }: { gate?: StepUpGate }) {
  const asking = useSyncExternalStore(gate.subscribe, gate.isAsking);
  return (
    <Modal opened={asking} onClose={() => gate.answer(false)} title="Confirm it's you" centered>
      {asking && <StepUpForm gate={gate} />}
    </Modal>
  );
}

function StepUpForm({ gate }: { gate: StepUpGate }) {
  const session = useSessionStore();
  const factor = useQuery(MySecondFactorQuery, { fetchPolicy: "network-only" });
  const [stepUp, { loading }] = useMutation(StepUpMutation);
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
  // Without an answer about the app, the password is the factor to try (the server says if not).
  const method: Method = chosen ?? (factor.data?.mySecondFactor.totpEnabled ? "code" : "password");

  const choose = (next: Method) => {
    setChosen(next);
    setValue("");
    setProblem(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const { data } = await stepUp({ variables: { [method]: value.trim() } });
      if (!data) throw new Error("The server did not confirm it. Please try again.");
      session.acceptToken(data.stepUp);
      gate.answer(true);
    } catch (err) {
      setProblem(errorInfo(err).message);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <Text size="sm">
          {method === "password"
            ? "This change needs your password again."
            : method === "code"
              ? "This change needs a code from your authenticator app."
              : "This change needs one of your recovery codes (each works once)."}
        </Text>
        {method === "password" ? (
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            data-autofocus
            required
          />
        ) : (
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
        {method !== "password" && (
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => choose(method === "code" ? "recoveryCode" : "code")}
          >
            {method === "code" ? "Use a recovery code instead" : "Use your authenticator app instead"}
          </Anchor>
        )}
        {problem && (
          <Alert color="red" data-testid="step-up-problem">
            {problem}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => gate.answer(false)}>
            Cancel
          </Button>
          <Button type="submit" loading={loading} disabled={!value.trim()}>
            Confirm
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
