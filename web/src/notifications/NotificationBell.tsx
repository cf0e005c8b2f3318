import { ActionIcon } from "@mantine/core";
import { createElement } from "react";
import { Link } from "react-router";
import { chunkComponent } from "../lib/lazy";
import { BellIcon, useBellSize } from "./BellIcon";

// The header's bell. What makes it live (the unread count, the subscription, the popover and the
// GraphQL documents) is a chunk of its own, fetched after the first paint: the first load carries
// only this button, which until then simply opens the inbox.
const useLiveBell = chunkComponent(() => import("./BellLive"));

export function NotificationBell() {
  const LiveBell = useLiveBell();
  const size = useBellSize();
  if (LiveBell) return createElement(LiveBell);
  return (
    <ActionIcon component={Link} to="/notifications" variant="default" size={size} aria-label="Notifications">
      <BellIcon />
    </ActionIcon>
  );
}
