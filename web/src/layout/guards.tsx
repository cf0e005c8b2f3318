import { Center, Loader } from "@mantine/core";
import type { ReactNode } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { useSession } from "../session/SessionContext";
import { PassEndedScreen } from "./PassEnded";
import { EnrolmentRequiredScreen } from "./SecondFactorDue";

/**
 * Screens behind sign-in: wait for the session to be restored, else go to sign-in and come back;
 * a session limited to enrolment sees what it must do instead.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === "restoring") {
    return (
      <Center h="100dvh">
        <Loader aria-label="Loading your session" />
      </Center>
    );
  }
  if (session.status === "signedOut") {
    if (session.passEnded) return <PassEndedScreen />;
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  // Past the policy's grace without a second factor: only the Security screen's enrolment is open.
  if (session.enrolmentOnly && !location.pathname.startsWith("/security")) return <EnrolmentRequiredScreen />;
  return <>{children}</>;
}

/** Admin-only screens; members are sent to the dashboard (the server refuses them anyway). */
export function RequireAdmin() {
  const { isAdmin } = useSession();
  return isAdmin ? <Outlet /> : <Navigate to="/" replace />;
}
