import type { ComponentType } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { AppLayout, PublicLayout } from "./layout/AppLayout";
import { RequireAdmin, RequireSession } from "./layout/guards";
import { RouteError, RouteLoading } from "./layout/RouteError";

// Every screen is its own chunk: the first load carries only the shell and the screen opened.
// A screen's folder under routes/ exports its page as `default`.
type PageModule = Promise<{ default: ComponentType }>;
const page = (load: () => PageModule): Pick<RouteObject, "lazy"> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <RouteLoading />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { path: "signin", ...page(() => import("./routes/signin/SignInPage")) },
          { path: "forgot-password", ...page(() => import("./routes/forgot-password/ForgotPasswordPage")) },
          { path: "reset-password", ...page(() => import("./routes/reset-password/ResetPasswordPage")) },
          { path: "accept-invite", ...page(() => import("./routes/accept-invite/AcceptInvitePage")) },
          { path: "confirm-email", ...page(() => import("./routes/confirm-email/ConfirmEmailPage")) },
          { path: "sign-out-everywhere", ...page(() => import("./routes/sign-out-everywhere/SignOutEverywherePage")) },
        ],
      },
      {
        element: (
          <RequireSession>
            <AppLayout />
          </RequireSession>
        ),
        children: [
          { index: true, ...page(() => import("./routes/dashboard/DashboardPage")) },
          { path: "devices/:id", ...page(() => import("./routes/device/DevicePage")) },
          { path: "alarm", ...page(() => import("./routes/alarm/AlarmPage")) },
          { path: "history", ...page(() => import("./routes/history/HistoryPage")) },
          { path: "automations/*", ...page(() => import("./routes/automations/AutomationsPage")) },
          { path: "profile/*", ...page(() => import("./routes/profile/ProfilePage")) },
          { path: "security", ...page(() => import("./routes/security/SecurityPage")) },
          {
            element: <RequireAdmin />,
            children: [
              { path: "email/*", ...page(() => import("./routes/email/EmailPage")) },
              { path: "admin/*", ...page(() => import("./routes/admin/AdminPage")) },
            ],
          },
          { path: "*", ...page(() => import("./routes/not-found/NotFoundPage")) },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
