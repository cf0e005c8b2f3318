import { Alert, Anchor, Button, PasswordInput, TextInput } from "@mantine/core";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { FormError } from "../../forms/FormError";
import { required } from "../../forms/rules";
import { useSession, useSessionStore } from "../../session/SessionContext";

/** Only paths inside the app: `next` must never send anyone to another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export default function SignInPage() {
  const session = useSession();
  const store = useSessionStore();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const form = useCheckedForm({
    initialValues: { email: "", password: "" },
    validate: { email: required("Enter your email address."), password: required("Enter your password.") },
  });

  if (session.status === "signedIn") return <Navigate to={next} replace />;

  return (
    <FormCard
      title="Sign in"
      level="screen"
      onSubmit={form.handleSubmit(async (v) => {
        await store.signIn(v.email.trim(), v.password);
        navigate(next, { replace: true });
      })}
    >
      {session.message && (
        <Alert color="yellow" role="status" data-testid="session-message">
          {session.message}
        </Alert>
      )}
      <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps("email")} />
      <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps("password")} />
      <FormError message={form.formError} />
      <Button type="submit" loading={form.submitting}>
        Sign in
      </Button>
      <Anchor component={Link} to="/forgot-password" size="sm">
        Forgot your password?
      </Anchor>
    </FormCard>
  );
}
