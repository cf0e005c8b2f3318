import { useMutation } from "@apollo/client/react";
import { Alert, Anchor, Button, Text } from "@mantine/core";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { FormError } from "../../forms/FormError";
import { NewPasswordFields } from "../../forms/NewPasswordFields";
import { matches, newPassword } from "../../forms/rules";
import { graphql } from "../../gql";
import { useSessionStore } from "../../session/SessionContext";

const ACCEPT_INVITE = graphql(`
  mutation AcceptInvite($token: String!, $password: String!) {
    acceptInvite(token: $token, password: $password) {
      user {
        id
        email
      }
    }
  }
`);

export default function AcceptInvitePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const store = useSessionStore();
  const [acceptInvite] = useMutation(ACCEPT_INVITE);
  const form = useCheckedForm({
    initialValues: { password: "", confirm: "" },
    validate: { password: newPassword, confirm: matches("password") },
  });

  return (
    <FormCard
      title="Welcome to Homegraph"
      level="screen"
      onSubmit={form.handleSubmit(async (v) => {
        const { data } = await acceptInvite({ variables: { token, password: v.password } });
        const address = data?.acceptInvite.user.email;
        // Signing in through the gateway puts the refresh token in the HttpOnly cookie, where a
        // reload can find it; the invite's own tokens never leave this function.
        if (address) await store.signIn(address, v.password);
        navigate("/", { replace: true });
      })}
    >
      {!token ? (
        <Alert color="red" role="alert">
          This link has no invitation token. Open the link from the invitation email again.
        </Alert>
      ) : (
        <>
          <Text size="sm">Choose a password to finish setting up your account.</Text>
          <NewPasswordFields form={form} password="password" confirm="confirm" label="Password" />
          <FormError message={form.formError} />
          <Button type="submit" loading={form.submitting}>
            Create my account
          </Button>
        </>
      )}
      <Anchor component={Link} to="/signin" size="sm">
        I already have an account
      </Anchor>
    </FormCard>
  );
}
