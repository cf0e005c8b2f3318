import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import type { ApolloClient } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { RouterProvider } from "react-router";
import { StepUpPrompt } from "./apollo/StepUpPrompt";
import { createAppRouter } from "./routes";
import { SessionProvider } from "./session/SessionContext";
import type { SessionStore } from "./session/store";
import { theme } from "./theme";

export function App({ client, session }: { client: ApolloClient; session: SessionStore }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <SessionProvider store={session}>
        <ApolloProvider client={client}>
          <RouterProvider router={createAppRouter()} />
          <StepUpPrompt />
        </ApolloProvider>
      </SessionProvider>
    </MantineProvider>
  );
}
