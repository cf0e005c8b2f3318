import { Tabs } from "@mantine/core";
import { useCallback, type ReactNode } from "react";
import { useNavigate, useParams } from "react-router";

/**
 * A screen's tabs as addresses (/admin/settings), so a tab can be linked to, reloaded and reached
 * with the back button. The first tab is the one shown at the screen's own address.
 */
export function useRoutedTab(base: string, tabs: readonly string[]): [string, (tab: string | null) => void] {
  const navigate = useNavigate();
  const rest = useParams()["*"] ?? "";
  const tab = tabs.includes(rest) ? rest : tabs[0]!;
  const open = useCallback((next: string | null) => next && navigate(`${base}/${next}`), [base, navigate]);
  return [tab, open];
}

export interface TabSpec {
  value: string;
  label: string;
  panel: ReactNode;
}

/** Tabs whose choice lives in the address under `base`; only the open tab's panel is mounted. */
export function RoutedTabs({ base, tabs }: { base: string; tabs: TabSpec[] }) {
  const [tab, open] = useRoutedTab(
    base,
    tabs.map((t) => t.value),
  );
  return (
    <Tabs value={tab} onChange={open} keepMounted={false}>
      <Tabs.List>
        {tabs.map((t) => (
          <Tabs.Tab key={t.value} value={t.value}>
            {t.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((t) => (
        <Tabs.Panel key={t.value} value={t.value} pt="md">
          {t.panel}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
