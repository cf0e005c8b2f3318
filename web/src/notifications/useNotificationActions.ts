import { useMutation } from "@apollo/client/react";
import { useCallback } from "react";
import { useNavigate } from "react-router";
import { useMutationFeedback } from "../forms/feedback";
import {
  MARK_ALL_NOTIFICATIONS_READ,
  MARK_NOTIFICATION_READ,
  NOTIFICATIONS,
  UNREAD_NOTIFICATION_COUNT,
} from "./operations";
import type { Notification } from "./types";

/**
 * Opening a notification (read, then its screen) and marking them all read, keeping the bell's
 * count in the cache right without asking the server again.
 */
export function useNotificationActions() {
  const navigate = useNavigate();
  const { run } = useMutationFeedback();
  const [markRead] = useMutation(MARK_NOTIFICATION_READ);
  const [markAll, { loading: markingAll }] = useMutation(MARK_ALL_NOTIFICATIONS_READ, {
    update: (cache) =>
      cache.writeQuery({ query: UNREAD_NOTIFICATION_COUNT, data: { __typename: "Query", unreadNotificationCount: 0 } }),
    // The lists on screen show every item read (or, filtered to unread, none).
    refetchQueries: [NOTIFICATIONS],
  });

  const open = useCallback(
    async (notification: Pick<Notification, "id" | "url" | "readAt">) => {
      if (!notification.readAt) {
        // Read is a courtesy: the screen opens even when the server could not be told.
        await markRead({
          variables: { id: notification.id },
          update: (cache) =>
            cache.updateQuery({ query: UNREAD_NOTIFICATION_COUNT }, (data) =>
              data
                ? {
                    __typename: "Query" as const,
                    unreadNotificationCount: Math.max(0, data.unreadNotificationCount - 1),
                  }
                : data,
            ),
        }).catch(() => undefined);
      }
      if (notification.url?.startsWith("/")) navigate(notification.url);
    },
    [markRead, navigate],
  );

  const markAllRead = useCallback(
    () => run(() => markAll(), { loading: "Marking all read…", success: "All notifications are read." }),
    [markAll, run],
  );

  return { open, markAllRead, markingAll };
}
