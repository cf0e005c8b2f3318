import { useMutation, useQuery } from "@apollo/client/react";
import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
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
import { useNavigate } from "react-router";
import type { DigestFrequency } from "../../gql/graphql";
import { useCheckedForm } from "../../forms/checked-form";
import { FormCard } from "../../forms/FormCard";
import { useMutationFeedback } from "../../forms/feedback";
import { all, displayName, matches, newPassword, required } from "../../forms/rules";
import { ago, at } from "../../lib/time";
import { useSessionStore } from "../../session/SessionContext";
import {
  ChangePasswordMutation,
  MySessionsQuery,
  ProfileQuery,
  RevokeSessionMutation,
  UpdateEmailPreferencesMutation,
  UpdateProfileMutation,
} from "./operations";
import { QueryError } from "../../lib/query-error";
import { ApiTokens } from "./ApiTokens";
import { ChangeEmailForm } from "./ChangeEmailForm";

/** "Firefox on Android": enough for a person to recognise their own device. */
export function deviceName(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : /curl|node|undici/i.test(userAgent)
            ? "A script"
            : "A browser";
  const os = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Mac OS X/.test(userAgent)
        ? "macOS"
        : /Windows/.test(userAgent)
          ? "Windows"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}

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
  const [change] = useMutation(ChangePasswordMutation, { refetchQueries: [MySessionsQuery] });
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

function Sessions() {
  const store = useSessionStore();
  const navigate = useNavigate();
  const { data, loading, error } = useQuery(MySessionsQuery);
  const [revoke] = useMutation(RevokeSessionMutation, { refetchQueries: [MySessionsQuery] });
  const { run, pending } = useMutationFeedback();
  const sessions = data?.mySessions ?? [];
  const others = sessions.filter((s) => !s.current);

  const signOutHere = async () => {
    await store.signOut();
    navigate("/signin", { replace: true });
  };
  const signOutOthers = () =>
    run(
      async () => {
        // One at a time: each revocation is its own audited event on the server.
        for (const s of others) await revoke({ variables: { id: s.id } });
      },
      { loading: "Signing out your other devices…", success: "Your other devices are signed out." },
    );

  return (
    <Paper withBorder p="md" aria-labelledby="sessions-title" component="section">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4" id="sessions-title">
            Where you are signed in
          </Title>
          {loading && <Loader size="sm" aria-label="Loading your sessions" />}
        </Group>
        <QueryError error={error} />
        {sessions.map((s) => (
          <Paper key={s.id} withBorder p="sm" data-testid="session">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Text fw={500}>{deviceName(s.userAgent)}</Text>
                  {s.current && <Badge variant="light">This device</Badge>}
                </Group>
                <Text size="xs" c="dimmed" title={at(s.lastUsedAt)}>
                  {s.ip ? `${s.ip} · ` : ""}last active {ago(s.lastUsedAt)} · signed in {at(s.createdAt)}
                </Text>
              </Stack>
              {s.current ? (
                <Button variant="default" size="xs" onClick={() => void signOutHere()}>
                  Sign out this device
                </Button>
              ) : (
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  onClick={() =>
                    void run(() => revoke({ variables: { id: s.id } }), {
                      loading: "Signing that device out…",
                      success: "That device is signed out.",
                    })
                  }
                  aria-label={`Sign out ${deviceName(s.userAgent)}, last active ${ago(s.lastUsedAt)}`}
                >
                  Sign out
                </Button>
              )}
            </Group>
          </Paper>
        ))}
        <Group justify="flex-end">
          <Button
            color="red"
            variant="light"
            disabled={others.length === 0}
            loading={pending}
            onClick={() => void signOutOthers()}
          >
            Sign out everywhere else
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export default function ProfilePage() {
  const { data, loading, error } = useQuery(ProfileQuery);
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
      <QueryError error={error} title="Your profile could not be loaded" />
      {data && (
        <Text c="dimmed" size="sm">
          {data.me.email} · {data.me.role === "ADMIN" ? "Admin" : "Member"}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {name !== undefined && <DisplayNameForm key={name} current={name} />}
        <PasswordForm />
        <ChangeEmailForm />
        {data && (
          <EmailPreferencesForm
            notificationsEnabled={data.myEmailPreferences.notificationsEnabled}
            digest={data.myEmailPreferences.digest}
          />
        )}
        <Sessions />
        <ApiTokens />
      </SimpleGrid>
    </Stack>
  );
}
