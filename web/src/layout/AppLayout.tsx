import {
  ActionIcon,
  AppShell,
  Box,
  Burger,
  Button,
  Center,
  Group,
  Loader,
  NavLink,
  Text,
  Title,
  useComputedColorScheme,
  useMatches,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Suspense } from "react";
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from "react-router";
import { useSession, useSessionStore } from "../session/SessionContext";
import { NotificationBell } from "../notifications/NotificationBell";
import { AlarmIndicator } from "./AlarmIndicator";
import { NAV_ITEMS } from "./nav";
import { OfflineNotice } from "./OfflineNotice";
import { SecondFactorBanner } from "./SecondFactorDue";

export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");
  const next = scheme === "dark" ? "light" : "dark";
  return (
    <ActionIcon
      variant="default"
      size="lg"
      onClick={() => setColorScheme(next)}
      aria-label={`Switch to ${next} mode`}
      title={`Switch to ${next} mode`}
    >
      <span aria-hidden>{scheme === "dark" ? "☀" : "☾"}</span>
    </ActionIcon>
  );
}

function PageLoader() {
  return (
    <Center py="xl">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** The signed-in shell: header, navigation (a drawer on phones), the screen. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const session = useSession();
  const store = useSessionStore();
  const navigate = useNavigate();
  const location = useLocation();
  // A phone's header holds the alarm's badge, the bell and "Sign out": smaller controls leave them room.
  const compact = useMatches({ base: true, sm: false });
  const items = NAV_ITEMS.filter((item) => !item.admin || session.isAdmin);
  // The longest entry the address starts with is the one shown active (/admin/access, not /admin).
  const activeTo = items
    .filter((item) => (item.to === "/" ? location.pathname === "/" : location.pathname.startsWith(item.to)))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;

  const signOut = async () => {
    await store.signOut();
    navigate("/signin", { replace: true });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: "sm", xs: "md" }} justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            {/* Smaller on a phone: the header also holds the alarm's badge and the bell. */}
            <Title order={1} fz={{ base: "md", xs: "h3" }}>
              Homegraph
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <AlarmIndicator />
            <NotificationBell />
            <Text size="sm" c="dimmed" visibleFrom="xs" truncate maw={180}>
              {session.user?.displayName}
            </Text>
            <Box visibleFrom="sm">
              <ColorSchemeToggle />
            </Box>
            <Button variant="default" size={compact ? "xs" : "sm"} onClick={signOut} data-testid="sign-out">
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            // The router's own "active" would mark /admin on /admin/access too: ours decides.
            end
            label={item.label}
            onClick={close}
            active={item.to === activeTo}
          />
        ))}
        {/* On a phone the header has no room for it: it sits in the navigation drawer. */}
        <Box hiddenFrom="sm" mt="md" px="sm">
          <ColorSchemeToggle />
        </Box>
      </AppShell.Navbar>
      <AppShell.Main>
        <OfflineNotice />
        <SecondFactorBanner />
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

/** Sign-in and the other screens reached without a session. */
export function PublicLayout() {
  return (
    <Center mih="100dvh" p="md">
      <div style={{ width: "100%", maxWidth: 420 }}>
        <Group justify="space-between" mb="lg">
          <Title order={1} size="h2">
            Homegraph
          </Title>
          <ColorSchemeToggle />
        </Group>
        <OfflineNotice />
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </div>
    </Center>
  );
}
