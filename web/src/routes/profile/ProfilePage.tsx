import { useMutation, useQuery } from "@apollo/client/react";
import {
  Alert,
  Anchor,
  Center,
  Loader,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import type { DigestFrequency } from "../../gql/graphql";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { useMutationFeedback } from "../../forms/feedback";
import { all, displayName, matches, newPassword, required } from "../../forms/rules";
import { useSessionStore } from "../../session/SessionContext";
import {
  ChangePasswordMutation,
  ProfileQuery,
  UpdateEmailPreferencesMutation,
  UpdateProfileMutation,
} from "./operations";
import { QueryError } from "../../lib/query-error";
import { ApiTokens } from "./ApiTokens";
import { ChangeEmailForm } from "./ChangeEmailForm";
import { NotificationSettings } from "./NotificationSettings";

function DisplayNameForm({ current }: { current: string }) {
  const store = useSessionStore();
  // The header shows the session's copy of the name: a renewal brings the new one.
  const [update] = useMutation(UpdateProfileMutation, {
    onCompleted: () => void store.refresh().catch(() => undefined),
  });
  const { run } = useMutationFeedback();
  const form = useCheckedForm({ initialValues: { displayName: current }, validate: { displayName } });
  return (
    <FormCard
      title="Your name"
      titleId="name-title"
      submitLabel="Save name"
      form={form}
      onSubmit={form.handleSubmit((v) =>
        run(
          () => update({ variables: { input: { displayName: v.displayName.trim() } } }),
          {
            loading: "Saving your name…",
            success: "Name saved.",
          },
          { rethrow: true },
        ),
      )}
    >
      <TextInput label="Display name" required autoComplete="name" {...form.getInputProps("displayName")} />
    </FormCard>
  );
}

function PasswordForm() {
  const [change] = useMutation(ChangePasswordMutation);
  const { run } = useMutationFeedback();
  const [done, setDone] = useState(false);
  const form = useCheckedForm({
    initialValues: { currentPassword: "", newPassword: "", repeatPassword: "" },
    validate: {
      currentPassword: required("Enter your current password."),
      newPassword,
      repeatPassword: all(required("Repeat the new password."), matches("newPassword")),
    },
  });
  return (
    <FormCard
      title="Password"
      titleId="password-title"
      submitLabel="Change password"
      form={form}
      onSubmit={form.handleSubmit(async (v) => {
        setDone(false);
        await run(
          () => change({ variables: { currentPassword: v.currentPassword, newPassword: v.newPassword } }),
          { loading: "Changing your password…", success: "Password changed. Your other devices are signed out." },
          { rethrow: true },
        );
        form.reset();
        setDone(true);
      })}
    >
      <PasswordInput
        label="Current password"
        required
        autoComplete="current-password"
        {...form.getInputProps("currentPassword")}
      />
      <PasswordInput
        label="New password"
        description="8 to 128 characters; not one of the most common passwords."
        required
        autoComplete="new-password"
        {...form.getInputProps("newPassword")}
      />
      <PasswordInput
        label="Repeat the new password"
        required
        autoComplete="new-password"
        {...form.getInputProps("repeatPassword")}
      />
      {done && (
        <Alert color="teal" role="status" data-testid="password-changed">
          Your password is changed. Every other device must sign in again.
        </Alert>
      )}
    </FormCard>
  );
}

const DIGESTS: { value: DigestFrequency; label: string }[] = [
  { value: "OFF", label: "No digest" },
  { value: "DAILY", label: "Daily" },
  { value: "WEEKLY", label: "Weekly" },
];

function EmailPreferencesForm({
  notificationsEnabled,
  digest,
}: {
  notificationsEnabled: boolean;
  digest: DigestFrequency;
}) {
  // EmailPreference has no id for the cache to match, so the profile is read again.
  const [update, { loading }] = useMutation(UpdateEmailPreferencesMutation, {
    refetchQueries: [ProfileQuery],
    awaitRefetchQueries: true,
  });
  const { run } = useMutationFeedback();
  const save = (input: { notificationsEnabled?: boolean; digest?: DigestFrequency }) =>
    run(() => update({ variables: { input } }), {
      loading: "Saving your email choices…",
      success: "Email choices saved.",
    });
  return (
    <Paper withBorder p="md" aria-labelledby="mail-title" component="section">
      <Stack>
        <Title order={3} size="h4" id="mail-title">
          Email
        </Title>
        <Switch
          label="Notifications from automations and devices"
          description="Security mail (password changes, new sign-ins) always arrives."
          checked={notificationsEnabled}
          disabled={loading}
          onChange={(e) => void save({ notificationsEnabled: e.currentTarget.checked })}
        />
        <Select
          label="Activity digest"
          data={DIGESTS}
          allowDeselect={false}
          value={digest}
          disabled={loading}
          onChange={(v) => v && void save({ digest: v as DigestFrequency })}
        />
      </Stack>
    </Paper>
  );
}

export default function ProfilePage() {
  // errorPolicy "all": when only the email service is down, the profile still shows (its
  // myEmailPreferences is null with an error) and only the preferences card says so.
  const { data, loading, error } = useQuery(ProfileQuery, { errorPolicy: "all" });
  const name = data?.me.displayName;

  if (loading && !data) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading your profile" />
      </Center>
    );
  }
  return (
    <Stack>
      <Title order={2}>Profile</Title>
      <QueryError error={data?.me ? undefined : error} title="Your profile could not be loaded" />
      {data && (
        <Text c="dimmed" size="sm">
          {data.me.email} · {data.me.role === "ADMIN" ? "Admin" : "Member"}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {name !== undefined && <DisplayNameForm key={name} current={name} />}
        <PasswordForm />
        <ChangeEmailForm />
        {data?.myEmailPreferences && (
          <EmailPreferencesForm
            notificationsEnabled={data.myEmailPreferences.notificationsEnabled}
            digest={data.myEmailPreferences.digest}
          />
        )}
        {data?.me && !data.myEmailPreferences && (
          <Text c="dimmed" data-testid="email-preferences-unavailable">
            Your mail preferences cannot be loaded right now. Please try again shortly.
          </Text>
        )}
        <ApiTokens />
      </SimpleGrid>
      <NotificationSettings />
      <Anchor component={Link} to="/security" data-testid="security-link">
        Security: passkeys, authenticator app, sessions
      </Anchor>
    </Stack>
  );
}
