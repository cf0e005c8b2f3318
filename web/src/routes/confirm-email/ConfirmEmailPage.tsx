import { useMutation } from "@apollo/client/react";
import { Alert, Anchor, Button, Text } from "@mantine/core";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { errorInfo } from "../../forms/errors";
import { FormCard } from "../../forms/FormCard";
import { graphql } from "../../gql";

const CONFIRM_EMAIL_CHANGE = graphql(`
  mutation ConfirmEmailChange($token: String!) {
    confirmEmailChange(token: $token)
  }
`);

/**
 * The link mailed to a new address. Nothing happens on opening it (mail scanners open links too and
 * would spend it): the person presses Confirm.
 */
export default function ConfirmEmailPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [confirm, { loading }] = useMutation(CONFIRM_EMAIL_CHANGE);
  const [state, setState] = useState<{ done?: boolean; error?: string }>({});

  const onConfirm = async () => {
    try {
      await confirm({ variables: { token } });
      setState({ done: true });
    } catch (err) {
      setState({ error: errorInfo(err).message });
    }
  };

  return (
    <FormCard
      title="Confirm your new e-mail address"
      level="screen"
      onSubmit={(e) => {
        e.preventDefault();
        void onConfirm();
      }}
    >
      {!token ? (
        <Alert color="red" role="alert">
          This link has no confirmation token. Open the link from the e-mail again.
        </Alert>
      ) : state.done ? (
        <Alert color="teal" role="status">
          Your e-mail address is changed. Sign in with the new address from now on.
        </Alert>
      ) : (
        <>
          <Text>Press Confirm to use this address for your Homegraph account.</Text>
          {state.error && (
            <Alert color="red" role="alert">
              {state.error}
            </Alert>
          )}
          <Button type="submit" loading={loading}>
            Confirm
          </Button>
        </>
      )}
      <Anchor component={Link} to="/" size="sm">
        Go to Homegraph
      </Anchor>
    </FormCard>
  );
}
