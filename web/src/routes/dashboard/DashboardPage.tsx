import { ComingSoon } from "../../layout/ComingSoon";

export default function DashboardPage() {
  return <ComingSoon title="Dashboard" />;
}
