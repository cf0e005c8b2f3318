import { notifications } from "@mantine/notifications";
import { useCallback, useState } from "react";
import { errorInfo, type ErrorInfo } from "./errors";

export interface FeedbackMessages {
  loading?: string;
  success?: string;
  /** Overrides the server's message when given. */
  error?: string;
}

let sequence = 0;

/**
 * Loading, success and error for one mutation, as notifications: `run` shows "loading", then
 * turns it into the outcome. Resolves with the result, or undefined after showing the error
 * (pass `rethrow` to let a form map the error onto a field as well).
 */
export function useMutationFeedback() {
  const [pending, setPending] = useState(0);
  const run = useCallback(
    async <T,>(
      action: () => Promise<T>,
      messages: FeedbackMessages = {},
      options: { rethrow?: boolean } = {},
    ): Promise<T | undefined> => {
      const id = `mutation-${++sequence}`;
      setPending((n) => n + 1);
      notifications.show({
        id,
        loading: true,
        message: messages.loading ?? "Saving…",
        autoClose: false,
        withCloseButton: false,
      });
      try {
        const result = await action();
        notifications.update({
          id,
          loading: false,
          color: "teal",
          message: messages.success ?? "Saved.",
          autoClose: 2_500,
          withCloseButton: true,
        });
        return result;
      } catch (error) {
        const info: ErrorInfo = errorInfo(error);
        notifications.update({
          id,
          loading: false,
          color: "red",
          title: "Not done",
          message: messages.error ?? info.message,
          autoClose: 6_000,
          withCloseButton: true,
        });
        if (options.rethrow) throw error;
        return undefined;
      } finally {
        setPending((n) => n - 1);
      }
    },
    [],
  );
  return { run, pending: pending > 0 };
}
