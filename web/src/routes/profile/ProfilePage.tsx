import { ComingSoon } from "../../layout/ComingSoon";

export default function ProfilePage() {
  return <ComingSoon title="Profile" />;
}
