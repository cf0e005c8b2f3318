/** The navigation, in order; `admin` entries show for admins only (the server checks too). */
export interface NavItem {
  to: string;
  label: string;
  admin?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Dashboard" },
  { to: "/alarm", label: "Alarm" },
  { to: "/history", label: "History" },
  { to: "/activity", label: "Activity" },
  { to: "/automations", label: "Automations" },
  { to: "/notifications", label: "Notifications" },
  { to: "/email", label: "Email", admin: true },
  { to: "/profile", label: "Profile" },
  { to: "/security", label: "Security" },
  { to: "/admin", label: "Admin", admin: true },
  { to: "/admin/access", label: "People & access", admin: true },
  { to: "/admin/guests", label: "Guest passes", admin: true },
];
