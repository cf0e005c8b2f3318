import { Group, Loader, Modal } from "@mantine/core";
import { lazy, Suspense, useSyncExternalStore } from "react";
import { stepUpGate, type StepUpGate } from "./step-up";

// The form (and the passkey library it may load) is fetched the first time a change asks for it:
// none of it is part of the first load.
const StepUpForm = lazy(() => import("./StepUpForm"));

/**
 * "Confirm it's you": mounted once in the app, opened by the Apollo link when a mutation needs a
 * recently proven factor. A passkey when the person has one, else the authenticator app's code (or
 * a recovery code), else the password.
 */
export function StepUpPrompt({ gate = stepUpGate }: { gate?: StepUpGate }) {
  const asking = useSyncExternalStore(gate.subscribe, gate.isAsking);
  return (
    <Modal opened={asking} onClose={() => gate.answer(false)} title="Confirm it's you" centered>
      {asking && (
        <Suspense
          fallback={
            <Group justify="center" py="md">
              <Loader size="sm" aria-label="Checking your sign-in factors" />
            </Group>
          }
        >
          <StepUpForm gate={gate} />
        </Suspense>
      )}
    </Modal>
  );
}
