import { Alert, Button, Code, CopyButton, Group, Image, Skeleton, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { at } from "../../../lib/time";
import type { CreatedPass } from "./CreatePassForm";
import { qrDataUrl } from "./qr";

/** A new pass's link, shown this once: a QR code for the guest's phone, the link to copy or send. */
export function PassLinkCard({ created, onClose }: { created: CreatedPass; onClose: () => void }) {
  const { link, pass } = created;
  const [qr, setQr] = useState<string>();
  const [qrFailed, setQrFailed] = useState(false);
  useEffect(() => {
    let live = true;
    qrDataUrl(link).then(
      (url) => live && setQr(url),
      () => live && setQrFailed(true),
    );
    return () => {
      live = false;
    };
  }, [link]);

  return (
    <Alert
      color="teal"
      title={`Guest pass for ${pass.guestName} created`}
      withCloseButton
      closeButtonLabel="Done"
      onClose={onClose}
      data-testid="pass-link"
    >
      <Group align="flex-start" gap="lg" wrap="wrap">
        {qrFailed ? null : qr ? (
          <Image src={qr} alt={`QR code of the guest pass link for ${pass.guestName}`} w={180} h={180} bg="white" />
        ) : (
          <Skeleton w={180} h={180} />
        )}
        <Stack gap="xs" style={{ flex: "1 1 16rem", minWidth: 0 }}>
          <Text size="sm">
            Send this link to {pass.guestName}, or let them scan the code. It opens Homegraph for them from{" "}
            {at(pass.validFrom)} until {at(pass.validUntil)}, with no password. It is shown only now.
          </Text>
          <Code block data-testid="pass-link-url" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
            {link}
          </Code>
          <Group gap="xs">
            <CopyButton value={link}>
              {({ copied, copy }) => (
                <Button size="xs" variant={copied ? "filled" : "light"} onClick={copy}>
                  {copied ? "Copied" : "Copy link"}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      </Group>
    </Alert>
  );
}
