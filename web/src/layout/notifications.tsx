// Mantine's notification stack as a chunk of its own (see App: loaded with the first notification).
import { Notifications } from "@mantine/notifications";
import "./notifications.css";

export default function NotificationStack() {
  return <Notifications position="top-right" classNames={{ root: "homegraph-toasts" }} />;
}
