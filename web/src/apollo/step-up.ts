import { ApolloLink } from "@apollo/client";
import { ErrorLink } from "@apollo/client/link/error";
import { OperationTypeNode } from "graphql";
import { from, Observable, of, switchMap, throwError } from "rxjs";
import { refusedWith } from "./refused-with";

/** The server's code for a change that needs a sign-in factor proven in the last 5 minutes. */
export const STEP_UP_REQUIRED = "STEP_UP_REQUIRED";

export function stepUpRequired(error: unknown): boolean {
  // A guest confirms by opening their pass link again (`stepUpBy: "PASS_LINK"`), which no modal can
  // do: their refusal goes to the screen as it is, whose message says so.
  return refusedWith(error, STEP_UP_REQUIRED, (extensions) => extensions.stepUpBy !== "PASS_LINK");
}

type Listener = () => void;

/**
 * Between the Apollo link and the "Confirm it's you" modal: the link asks, the modal answers once
 * the person has proven a factor (true) or cancelled (false). Requests that need it at the same
 * time share one prompt.
 */
export class StepUpGate {
  private pending?: { promise: Promise<boolean>; resolve: (proven: boolean) => void };
  private listeners = new Set<Listener>();

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Whether the modal should be open. */
  isAsking = (): boolean => !!this.pending;

  ask(): Promise<boolean> {
    if (!this.pending) {
      let resolve!: (proven: boolean) => void;
      const promise = new Promise<boolean>((r) => (resolve = r));
      this.pending = { promise, resolve };
      this.notify();
    }
    return this.pending.promise;
  }

  /** The modal's answer: true after stepUp succeeded and the new token is stored. */
  answer(proven: boolean): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    pending.resolve(proven);
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

export const stepUpGate = new StepUpGate();

/**
 * A mutation refused with STEP_UP_REQUIRED waits for the person to confirm it's them, then runs
 * once more with the fresh token; a cancel gives the caller the server's original answer.
 */
export function stepUpLink(gate: StepUpGate): ApolloLink {
  return new ErrorLink(({ error, result, operation, forward }) => {
    if (operation.operationType !== OperationTypeNode.MUTATION || !stepUpRequired(error)) return;
    if (operation.getContext().steppedUp) return;
    return from(gate.ask()).pipe(
      switchMap((proven) => {
        if (!proven) return result ? of(result) : throwError(() => error);
        // A fresh retry: the renewal link may still renew once for it.
        operation.setContext({ steppedUp: true, retried: false });
        return forward(operation);
      }),
    ) as unknown as Observable<ApolloLink.Result>;
  });
}
