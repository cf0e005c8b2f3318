import { Stack, Title } from "@mantine/core";
import { deferred } from "../../lib/lazy";
import { RoutedTabs } from "../../lib/routed-tabs";
import { HealthPanel } from "./HealthPanel";
import { HubsPanel } from "./HubsPanel";
import { SettingsPanel } from "./SettingsPanel";
import { UsersPanel } from "./UsersPanel";

// Each in its own chunk: the admin screen opens on People without them.
const AccessPanel = deferred<object>(() => import("./access/AccessPanel").then((m) => ({ default: m.AccessPanel })));
const GuestPassesPanel = deferred<object>(() =>
  import("./guests/GuestPassesPanel").then((m) => ({ default: m.GuestPassesPanel })),
);

export default function AdminPage() {
  return (
    <Stack>
      <Title order={2}>Admin</Title>
      <RoutedTabs
        base="/admin"
        tabs={[
          { value: "users", label: "People", panel: <UsersPanel /> },
          { value: "access", label: "People & access", panel: <AccessPanel when /> },
          { value: "guests", label: "Guest passes", panel: <GuestPassesPanel when /> },
          { value: "settings", label: "Settings", panel: <SettingsPanel /> },
          {
            value: "health",
            label: "Health",
            panel: (
              <Stack gap="xl">
                <HealthPanel />
                <HubsPanel />
              </Stack>
            ),
          },
        ]}
      />
    </Stack>
  );
}
