import { ComingSoon } from "../../layout/ComingSoon";

export default function DevicePage() {
  return <ComingSoon title="Device" />;
}
