import { Stack, Title } from "@mantine/core";
import { RoutedTabs } from "../../lib/routed-tabs";
import { HealthPanel } from "./HealthPanel";
import { SettingsPanel } from "./SettingsPanel";
import { UsersPanel } from "./UsersPanel";

export default function AdminPage() {
  return (
    <Stack>
      <Title order={2}>Admin</Title>
      <RoutedTabs
        base="/admin"
        tabs={[
          { value: "users", label: "People", panel: <UsersPanel /> },
          { value: "settings", label: "Settings", panel: <SettingsPanel /> },
          { value: "health", label: "Health", panel: <HealthPanel /> },
        ]}
      />
    </Stack>
  );
}
