import { lazy, Suspense, type ComponentType } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { AppLayout, PublicLayout } from "./layout/AppLayout";
import { RequireAdmin, RequireSession } from "./layout/guards";
import { useSession } from "./session/SessionContext";
import { RouteError, RouteLoading } from "./layout/RouteError";

// Every screen is its own chunk: the first load carries only the shell and the screen opened.
// A screen's folder under routes/ exports its page as `default`.
type PageModule = Promise<{ default: ComponentType }>;
const page = (load: () => PageModule): Pick<RouteObject, "lazy"> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

// A guest (a pass's link) has a shell of their own: only the devices the pass opens, none of the
// household's screens, and nothing asked of the server that a guest may not ask (docs/access.md).
const GuestLayout = lazy(() => import("./layout/GuestLayout"));

function SignedInLayout() {
  const { user } = useSession();
  if (user?.role !== "GUEST") return <AppLayout />;
  return (
    <Suspense fallback={<RouteLoading />}>
      <GuestLayout />
    </Suspense>
  );
}

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
          { path: "pass/:token", ...page(() => import("./routes/pass/PassPage")) },
        ],
      },
      {
        element: (
          <RequireSession>
            <SignedInLayout />
          </RequireSession>
        ),
        children: [
          { index: true, ...page(() => import("./routes/dashboard/DashboardPage")) },
          { path: "devices/:id", ...page(() => import("./routes/device/DevicePage")) },
          { path: "alarm", ...page(() => import("./routes/alarm/AlarmPage")) },
          { path: "history", ...page(() => import("./routes/history/HistoryPage")) },
          { path: "activity", ...page(() => import("./routes/activity/ActivityPage")) },
          { path: "automations/*", ...page(() => import("./routes/automations/AutomationsPage")) },
          { path: "notifications", ...page(() => import("./routes/notifications/NotificationsPage")) },
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
