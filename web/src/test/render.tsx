import { ApolloClient, ApolloLink, InMemoryCache } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider, type RouteObject } from "react-router";
import { typePolicies } from "../apollo/client";
import { StepUpGate, stepUpLink } from "../apollo/step-up";
import { StepUpPrompt } from "../apollo/StepUpPrompt";
import { SessionProvider } from "../session/SessionContext";
import { SessionStore } from "../session/store";
import { theme } from "../theme";

export interface RenderOptions {
  /** The path to open; the element is mounted at `path` (default "/"). */
  at?: string;
  path?: string;
  /** Other routes the screen may navigate to, rendered as their path's name. */
  otherPaths?: string[];
  session?: SessionStore;
  /** The Apollo link answering the screen's operations (a test's own server double). */
  link?: ApolloLink;
  /** Mounts the app's "Confirm it's you" modal and its link in front of `link`, as App does. */
  stepUp?: boolean;
}

/** Renders a screen with everything the app gives it: Mantine, a session, Apollo, a router. */
export function renderScreen(
  element: ReactElement,
  options: RenderOptions = {},
): RenderResult & { router: ReturnType<typeof createMemoryRouter>; session: SessionStore; client: ApolloClient } {
  const session = options.session ?? new SessionStore();
  const gate = options.stepUp ? new StepUpGate() : undefined;
  const link =
    options.link ??
    new ApolloLink(() => {
      throw new Error("this test sends no GraphQL");
    });
  const client = new ApolloClient({
    link: gate ? ApolloLink.from([stepUpLink(gate), link]) : link,
    cache: new InMemoryCache({ typePolicies: typePolicies() }),
  });
  const routes: RouteObject[] = [
    { path: options.path ?? "/", element },
    ...(options.otherPaths ?? []).map((p) => ({ path: p, element: <div data-testid="other-page">{p}</div> })),
  ];
  const router = createMemoryRouter(routes, { initialEntries: [options.at ?? options.path ?? "/"] });
  const utils = render(
    <MantineProvider theme={theme}>
      <Notifications />
      <SessionProvider store={session}>
        <ApolloProvider client={client}>
          <RouterProvider router={router} />
          {gate && <StepUpPrompt gate={gate} />}
        </ApolloProvider>
      </SessionProvider>
    </MantineProvider>,
  );
  return { ...utils, router, session, client };
}
