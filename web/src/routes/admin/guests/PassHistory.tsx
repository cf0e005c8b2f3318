import { useMutation, useQuery } from "@apollo/client/react";
import { Badge, Button, Group, Loader, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useMutationFeedback } from "../../../forms/feedback";
import type { GuestPassFieldsFragment, GuestPassStatus } from "../../../gql/graphql";
import { ago, at } from "../../../lib/time";
import { QueryError } from "../../../lib/query-error";
import { END_GUEST_PASS, GUEST_PASSES, PASS_CHOICES } from "./operations";

export const STATUS: Record<GuestPassStatus, { label: string; color: string }> = {
  NOT_YET: { label: "Not started", color: "blue" },
  ACTIVE: { label: "Active", color: "teal" },
  ENDED: { label: "Ended early", color: "orange" },
  EXPIRED: { label: "Expired", color: "gray" },
};

function PassRow({ pass, labels }: { pass: GuestPassFieldsFragment; labels: Map<string, string> }) {
  const [end] = useMutation(END_GUEST_PASS);
  const { run, pending } = useMutationFeedback();
  const [confirming, setConfirming] = useState(false);
  const status = STATUS[pass.status];
  const open = pass.status === "ACTIVE" || pass.status === "NOT_YET";
  const opens = [
    ...pass.rooms.map((r) => `${r.room} (room, ${r.level === "CONTROL" ? "control" : "view"})`),
    ...pass.devices.map(
      (d) => `${labels.get(d.deviceId) ?? `device ${d.deviceId}`} (${d.level === "CONTROL" ? "control" : "view"})`,
    ),
  ];
  return (
    <Paper withBorder p="sm" data-testid="pass-row" data-status={pass.status}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} style={{ flex: "1 1 18rem", minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600}>{pass.guestName}</Text>
            <Badge color={status.color} variant="light" data-testid="pass-status">
              {status.label}
            </Badge>
          </Group>
          <Text size="sm">
            {at(pass.validFrom)} → {at(pass.validUntil)}
          </Text>
          <Text size="sm" c="dimmed">
            Opens: {opens.join(", ") || "nothing"}
            {pass.lockCode &&
              ` · lock code "${pass.lockCode.name}" on ${labels.get(pass.lockCode.deviceId) ?? "a lock"}`}
          </Text>
          <Text size="sm" c="dimmed" data-testid="pass-uses">
            {pass.redemptions === 0
              ? "Link not used yet"
              : `Link used ${pass.redemptions} time${pass.redemptions === 1 ? "" : "s"}, last ${ago(pass.lastRedeemedAt)}`}
          </Text>
          <Text size="xs" c="dimmed">
            Created by {pass.createdBy?.displayName ?? "an admin"} {ago(pass.createdAt)}
            {pass.endedAt && ` · ended by ${pass.endedBy?.displayName ?? "an admin"} ${ago(pass.endedAt)}`}
            {!open && !pass.homeAccessRemoved && " · removing its access at home…"}
          </Text>
        </Stack>
        {open &&
          (confirming ? (
            <Group gap="xs">
              <Text size="sm">End it now? {pass.guestName} is signed out at once.</Text>
              <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                Keep it
              </Button>
              <Button
                size="xs"
                color="red"
                loading={pending}
                onClick={() =>
                  void run(() => end({ variables: { id: pass.id } }), {
                    loading: "Ending the pass…",
                    success: `${pass.guestName}'s pass has ended.`,
                  }).then(() => setConfirming(false))
                }
              >
                End now
              </Button>
            </Group>
          ) : (
            <Button size="xs" variant="light" color="red" onClick={() => setConfirming(true)}>
              End now…
            </Button>
          ))}
      </Group>
    </Paper>
  );
}

/** Every pass, newest first: its status, what it opens, how its link was used, who ended it. */
export function PassHistory() {
  const [includeEnded, setIncludeEnded] = useState(true);
  const { data, loading, error } = useQuery(GUEST_PASSES, { variables: { includeEnded }, pollInterval: 30_000 });
  const { data: choices } = useQuery(PASS_CHOICES);
  const labels = new Map((choices?.devices ?? []).map((d) => [d.id, d.label]));
  const passes = data?.guestPasses ?? [];
  return (
    <Stack component="section" aria-labelledby="pass-history-title" gap="xs">
      <Group justify="space-between">
        <Title order={3} size="h4" id="pass-history-title">
          Passes
        </Title>
        <Group gap="sm">
          {loading && <Loader size="xs" aria-label="Loading passes" />}
          <Switch
            label="Show ended passes"
            checked={includeEnded}
            onChange={(e) => setIncludeEnded(e.currentTarget.checked)}
          />
        </Group>
      </Group>
      <QueryError error={error} />
      {data && passes.length === 0 && (
        <Text size="sm" c="dimmed">
          No guest passes yet.
        </Text>
      )}
      {passes.map((pass) => (
        <PassRow key={pass.id} pass={pass} labels={labels} />
      ))}
    </Stack>
  );
}
