import { Modal } from "@mantine/core";
import { useSyncExternalStore } from "react";
import { stepUpGate, type StepUpGate } from "./step-up";
import StepUpForm from "./StepUpForm";

/**
 * "Confirm it's you": mounted once in the app, opened by the Apollo link when a mutation needs a
 * recently proven factor (App loads this module the first time one does). A passkey when the person has one, else the authenticator app's code (or
 * a recovery code), else the password.
 */
export function StepUpPrompt({ gate = stepUpGate }: { gate?: StepUpGate }) {
  const asking = useSyncExternalStore(gate.subscribe, gate.isAsking);
  return (
    <Modal opened={asking} onClose={() => gate.answer(false)} title="Confirm it's you" centered>
      {asking && <StepUpForm gate={gate} />}
    </Modal>
  );
}
