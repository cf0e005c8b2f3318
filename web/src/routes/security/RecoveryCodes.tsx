import { Alert, Button, Code, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { downloadText } from "../../lib/download";

const FILE_NAME = "homegraph-recovery-codes.txt";

function codesText(codes: readonly string[]): string {
  return [
    "Homegraph recovery codes",
    "Each code signs you in once when your authenticator app is not at hand.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/** Opens the codes alone in a new window and prints them (nothing of the app on the page). */
function printCodes(codes: readonly string[]): void {
  const win = window.open("", "_blank", "width=480,height=640");
  if (!win) return;
  win.document.title = "Homegraph recovery codes";
  const pre = win.document.createElement("pre");
  pre.style.font = "16px/1.6 monospace";
  pre.textContent = codesText(codes);
  win.document.body.appendChild(pre);
  win.focus();
  win.print();
}

/** The ten recovery codes, shown once right after the app is turned on. */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  return (
    <Stack gap="sm" data-testid="recovery-codes">
      <Alert color="yellow" title="Save your recovery codes now">
        Each code signs you in once if your phone is lost. They are shown only this once: Homegraph keeps no readable
        copy.
      </Alert>
      <SimpleGrid cols={2} spacing="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {codes.map((code) => (
          <li key={code}>
            <Code fz="md" data-testid="recovery-code">
              {code}
            </Code>
          </li>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Keep them somewhere safe and apart from your phone, e.g. printed or in a password manager.
      </Text>
      <Group justify="space-between">
        <Group gap="xs">
          <Button
            variant="default"
            onClick={() => downloadText(FILE_NAME, codesText(codes), "text/plain;charset=utf-8")}
          >
            Download
          </Button>
          <Button variant="default" onClick={() => printCodes(codes)}>
            Print
          </Button>
        </Group>
        <Button onClick={onDone}>I have saved them</Button>
      </Group>
    </Stack>
  );
}
