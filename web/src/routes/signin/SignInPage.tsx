import { Alert, Anchor, Button, Divider, PasswordInput, TextInput } from "@mantine/core";
import { useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { FormError } from "../../forms/FormError";
import { required } from "../../forms/rules";
import type { SecondFactorChallenge } from "../../session/auth-api";
import { passkeysSupported } from "../../session/passkey";
import { useSession, useSessionStore } from "../../session/SessionContext";
import type { PasskeyCeremony } from "../../session/store";
import { PasskeyButton } from "./PasskeyButton";
import { PasskeyStep } from "./PasskeyStep";
import { SecondFactorStep } from "./SecondFactorStep";

/** Only paths inside the app: `next` must never send anyone to another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/**
 * Sign-in: email and password, then (for a person with an authenticator app) the app's code or a
 * recovery code; or a passkey, without typing anything.
 */
export default function SignInPage(props: { passkeyCeremony?: PasskeyCeremony }) {
  const session = useSession();
  const store = useSessionStore();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [challenge, setChallenge] = useState<SecondFactorChallenge>();
  const [notice, setNotice] = useState<string>();
  const form = useCheckedForm({
    initialValues: { email: "", password: "" },
    validate: { email: required("Enter your email address."), password: required("Enter your password.") },
  });
  const done = () => navigate(next, { replace: true });

  // A session that is limited to enrolment lands on the app too: the shell shows what to do there.
  if (session.status === "signedIn") return <Navigate to={next} replace />;

  const restart = (message?: string) => {
    setChallenge(undefined);
    setNotice(message);
    form.setFieldValue("password", "");
  };
  if (challenge && !challenge.methods.some((m) => m === "TOTP" || m === "RECOVERY_CODE")) {
    return <PasskeyStep onSignedIn={done} onRestart={() => restart()} ceremony={props.passkeyCeremony} />;
  }
  if (challenge) {
    return <SecondFactorStep challenge={challenge} onSignedIn={done} onRestart={restart} />;
  }

  return (
    <FormCard
      title="Sign in"
      level="screen"
      onSubmit={form.handleSubmit(async (v) => {
        setNotice(undefined);
        const step = await store.signIn(v.email.trim(), v.password);
        if ("secondFactor" in step) setChallenge(step.secondFactor);
        else done();
      })}
    >
      {session.message && !notice && (
        <Alert color="yellow" role="status" data-testid="session-message">
          {session.message}
        </Alert>
      )}
      {notice && (
        <Alert color="yellow" role="status" data-testid="sign-in-notice">
          {notice}
        </Alert>
      )}
      <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps("email")} />
      <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps("password")} />
      <FormError message={form.formError} />
      <Button type="submit" loading={form.submitting}>
        Sign in
      </Button>
      <PasskeyChoice onSignedIn={done} ceremony={props.passkeyCeremony} />
      <Anchor component={Link} to="/forgot-password" size="sm">
        Forgot your password?
      </Anchor>
    </FormCard>
  );
}

function PasskeyChoice(props: { onSignedIn: () => void; ceremony?: PasskeyCeremony }) {
  if (!passkeysSupported()) return null;
  return (
    <>
      <Divider label="or" labelPosition="center" />
      <PasskeyButton {...props} />
    </>
  );
}
