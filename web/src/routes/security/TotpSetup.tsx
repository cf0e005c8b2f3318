import { useMutation } from "@apollo/client/react";
import { Alert, Button, Code, Group, Image, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { errorInfo } from "../../forms/errors";
import { useSessionStore } from "../../session/SessionContext";
import { ConfirmTotpEnrollmentMutation, SecurityStatusQuery } from "./operations";
import { tokenExpiry } from "./token-expiry";

export interface Enrollment {
  secret: string;
  otpauthUri: string;
  qrCodeSvg: string;
}

/**
 * The server's QR code as an image: an SVG shown through <img> runs no script and reaches nothing
 * of the page, whatever it holds.
 */
export function svgImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Scan (or type) the secret, then prove it works with the app's first code. */
export function TotpSetup({
  enrollment,
  onConfirmed,
  onCancel,
}: {
  enrollment: Enrollment;
  onConfirmed: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}) {
  const session = useSessionStore();
  const [confirm, { loading }] = useMutation(ConfirmTotpEnrollmentMutation, { refetchQueries: [SecurityStatusQuery] });
  const [code, setCode] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const { data } = await confirm({ variables: { code: code.replace(/\s+/g, "") } });
      if (!data) throw new Error("The server did not confirm it. Please try again.");
      const { accessToken, recoveryCodes } = data.confirmTotpEnrollment;
      // The code just proven counts as a step-up: this session's token says so from now on.
      session.acceptToken({ accessToken, expiresAt: tokenExpiry(accessToken) });
      onConfirmed(recoveryCodes);
    } catch (err) {
      setProblem(errorInfo(err).message);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <Text size="sm">
          1. In your authenticator app (e.g. Aegis, 2FAS, Google Authenticator, 1Password), add an account and scan this
          code.
        </Text>
        <Image
          src={svgImageSource(enrollment.qrCodeSvg)}
          alt="QR code to scan with your authenticator app"
          w={200}
          h={200}
          bg="white"
          p={4}
          data-testid="totp-qr"
        />
        <Text size="sm">Or type this key into the app:</Text>
        <Code fz="md" data-testid="totp-secret" style={{ wordBreak: "break-all" }}>
          {enrollment.secret}
        </Code>
        <TextInput
          label="2. The 6-digit code the app shows"
          autoComplete="one-time-code"
          inputMode="numeric"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          required
        />
        {problem && (
          <Alert color="red" data-testid="totp-problem">
            {problem}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={loading} disabled={!code.trim()}>
            Turn on
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
