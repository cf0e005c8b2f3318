import { ComingSoon } from "../../layout/ComingSoon";

export default function EmailPage() {
  return <ComingSoon title="Email" />;
}
