import { ComingSoon } from "../../layout/ComingSoon";

export default function AutomationsPage() {
  return <ComingSoon title="Automations" />;
}
