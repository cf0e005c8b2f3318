import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { errorInfo } from "../forms/errors";
import { loadWebAuthn, passkeyProblem } from "../lib/webauthn";
import { BeginPasskeyStepUpMutation, FinishPasskeyStepUpMutation } from "./step-up-operations";

export interface StepUpToken {
  accessToken: string;
  expiresAt: string;
}

/**
 * Confirming with a passkey: the server's challenge for the caller's passkeys, the browser's
 * ceremony (fingerprint, face, PIN), the server's check. Resolves with the fresh token, or
 * undefined after setting `problem`.
 */
export function usePasskeyStepUp() {
  const [begin] = useMutation(BeginPasskeyStepUpMutation);
  const [finish] = useMutation(FinishPasskeyStepUpMutation);
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const confirm = async (): Promise<StepUpToken | undefined> => {
    setProblem(null);
    setWorking(true);
    try {
      const [{ data }, webauthn] = await Promise.all([begin(), loadWebAuthn()]);
      if (!data) throw new Error("The server did not start it. Please try again.");
      const { challengeId, optionsJSON } = data.beginPasskeyStepUp;
      let response: unknown;
      try {
        response = await webauthn.startAuthentication({ optionsJSON: JSON.parse(optionsJSON) });
      } catch (err) {
        setProblem(passkeyProblem(err, "use"));
        return undefined;
      }
      const finished = await finish({ variables: { challengeId, response: JSON.stringify(response) } });
      if (!finished.data) throw new Error("The server did not confirm it. Please try again.");
      return finished.data.finishPasskeyStepUp;
    } catch (err) {
      setProblem(errorInfo(err).message);
      return undefined;
    } finally {
      setWorking(false);
    }
  };

  return { confirm, working, problem, clearProblem: () => setProblem(null) };
}
