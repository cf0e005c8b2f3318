import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import type { ApolloClient } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { MantineProvider } from "@mantine/core";
import { useNotifications } from "@mantine/notifications";
import { useSyncExternalStore } from "react";
import { RouterProvider } from "react-router";
import { stepUpGate } from "./apollo/step-up";
import { deferred } from "./lib/lazy";
import { createAppRouter } from "./routes";
import { SessionProvider } from "./session/SessionContext";
import type { SessionStore } from "./session/store";
import { theme } from "./theme";

// Neither is on screen when the app opens: each chunk is fetched the first time it is needed.
const StepUpPrompt = deferred<object>(() => import("./apollo/StepUpPrompt").then((m) => ({ default: m.StepUpPrompt })));
const NotificationStack = deferred<object>(() => import("./layout/notifications"));

function Overlays() {
  const asking = useSyncExternalStore(stepUpGate.subscribe, stepUpGate.isAsking);
  const { notifications, queue } = useNotifications();
  return (
    <>
      <NotificationStack when={notifications.length + queue.length > 0} />
      <StepUpPrompt when={asking} />
    </>
  );
}

export function App({ client, session }: { client: ApolloClient; session: SessionStore }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <SessionProvider store={session}>
        <ApolloProvider client={client}>
          <RouterProvider router={createAppRouter()} />
          <Overlays />
        </ApolloProvider>
      </SessionProvider>
    </MantineProvider>
  );
}
