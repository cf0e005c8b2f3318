import { AppShell, Box, Button, Group, Text, Title } from "@mantine/core";
import { Navigate, useLocation, useNavigate } from "react-router";
import GuestDashboard from "../routes/guest/GuestDashboard";
import { useSession, useSessionStore } from "../session/SessionContext";
import { ColorSchemeToggle } from "./AppLayout";

/**
 * A guest's whole app: a header and the devices their pass opens. No navigation, alarm badge,
 * second-factor banner or profile: each would ask the server for what a guest may not see.
 */
export default function GuestLayout() {
  const session = useSession();
  const store = useSessionStore();
  const navigate = useNavigate();
  const location = useLocation();
  if (location.pathname !== "/") return <Navigate to="/" replace />;

  const signOut = async () => {
    await store.signOut();
    navigate("/signin", { replace: true });
  };
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Title order={1} fz={{ base: "lg", xs: "h3" }}>
            Homegraph
          </Title>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="xs" truncate maw={180}>
              {session.user?.displayName} (guest)
            </Text>
            <Box visibleFrom="sm">
              <ColorSchemeToggle />
            </Box>
            <Button variant="default" onClick={() => void signOut()} data-testid="sign-out">
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <GuestDashboard />
      </AppShell.Main>
    </AppShell>
  );
}
