import { ComingSoon } from "../../layout/ComingSoon";

export default function AdminPage() {
  return <ComingSoon title="Admin" />;
}
