import { useApolloClient, useQuery, useSubscription } from "@apollo/client/react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { errorInfo } from "../../forms/errors";
import type { ActivityKind, ActivityQuery } from "../../gql/graphql";
import { ACTIVITY, ACTIVITY_ADDED, ACTIVITY_ROOMS } from "./operations";

export const PAGE_SIZE = 30;
type Entry = ActivityQuery["activity"]["items"][number];
type Filter = { personId?: number; room?: string; kinds?: ActivityKind[] };

export const KIND_LABELS: Record<ActivityKind, string> = {
  DEVICE_COMMAND: "Device commands",
  AUTOMATION_FIRED: "Automations",
  SIGN_IN_NEW_BROWSER: "New-browser sign-ins",
  PASSWORD_CHANGED: "Password changes",
  MAIL_SENT: "Mail sent",
  INVITATION: "Invitations",
};

const when = (at: string) => new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Newer first, each once (a live entry may also arrive in a page read after it). */
function merged(...lists: Entry[][]): Entry[] {
  const seen = new Map<string, Entry>();
  for (const list of lists) for (const e of list) if (!seen.has(e.id)) seen.set(e.id, e);
  return [...seen.values()].sort((a, b) => Number(b.id) - Number(a.id));
}

/** One filter's feed: its first page, the older pages asked for, and what arrived live since. */
function Feed({ filter, onPeople }: { filter: Filter; onPeople: (people: Entry["actor"][]) => void }) {
  const client = useApolloClient();
  const variables = { first: PAGE_SIZE, filter };
  const { data, loading, error } = useQuery(ACTIVITY, { variables, fetchPolicy: "network-only" });
  const [older, setOlder] = useState<{ items: Entry[]; endCursor: string | null; hasMore: boolean } | null>(null);
  const [live, setLive] = useState<Entry[]>([]);
  const [fetching, setFetching] = useState(false);
  useSubscription(ACTIVITY_ADDED, {
    variables: { filter },
    onData: ({ data: { data: d } }) => d && setLive((prev) => merged([d.activityAdded], prev)),
  });
  const first = data?.activity;
  const items = useMemo(() => merged(live, first?.items ?? [], older?.items ?? []), [live, first, older]);
  useEffect(() => onPeople(items.map((e) => e.actor)), [items, onPeople]);
  const last = older ?? first;

  async function loadMore() {
    if (!last?.endCursor) return;
    setFetching(true);
    try {
      const { data: page } = await client.query({
        query: ACTIVITY,
        variables: { ...variables, after: last.endCursor },
        fetchPolicy: "network-only",
      });
      if (page) setOlder({ ...page.activity, items: [...(older?.items ?? []), ...page.activity.items] });
    } finally {
      setFetching(false);
    }
  }

  if (error) return <Alert color="red">{errorInfo(error).message}</Alert>;
  if (loading && !first) return <Loader aria-label="Loading the activity" />;
  if (!items.length) return <Text c="dimmed">Nothing yet.</Text>;
  return (
    <Stack gap="xs">
      <Stack gap="xs" component="ol" aria-label="Activity" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {items.map((e) => (
          <Paper key={e.id} withBorder p="sm" component="li">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2}>
                <Text fw={500}>{e.summary}</Text>
                <Text size="sm" c="dimmed">
                  {e.actor?.displayName ?? "The household"}
                  {e.room ? ` · ${e.room}` : ""}
                  {e.deviceId ? (
                    <>
                      {" · "}
                      <Anchor component={Link} to={`/devices/${e.deviceId}`} size="sm">
                        device
                      </Anchor>
                    </>
                  ) : null}
                </Text>
              </Stack>
              <Stack gap={2} align="flex-end">
                <Badge variant="light">{KIND_LABELS[e.kind]}</Badge>
                <Text size="xs" c="dimmed">
                  {when(e.at)}
                </Text>
              </Stack>
            </Group>
          </Paper>
        ))}
      </Stack>
      {last?.hasMore ? (
        <Button variant="default" onClick={() => void loadMore()} loading={fetching}>
          Show older
        </Button>
      ) : null}
    </Stack>
  );
}

/** Who did what in the household, newest first, live; filtered by person, room and kind. */
export default function ActivityPage() {
  const [personId, setPersonId] = useState<string | null>(null);
  const [room, setRoom] = useState<string | null>(null);
  const [kinds, setKinds] = useState<string[]>([]);
  const [people, setPeople] = useState(new Map<string, string>());
  // The rooms the person may see; the people are those seen in the feed so far.
  const rooms = useQuery(ACTIVITY_ROOMS).data?.rooms.map((r) => r.name) ?? [];
  const filter: Filter = useMemo(
    () => ({
      ...(personId ? { personId: Number(personId) } : {}),
      ...(room ? { room } : {}),
      ...(kinds.length ? { kinds: kinds as ActivityKind[] } : {}),
    }),
    [personId, room, kinds],
  );
  const onPeople = useMemo(
    () => (actors: Entry["actor"][]) =>
      setPeople((prev) => {
        const fresh = actors.filter((a): a is NonNullable<typeof a> => !!a && !prev.has(a.id));
        if (!fresh.length) return prev;
        const next = new Map(prev);
        for (const a of fresh) next.set(a.id, a.displayName);
        return next;
      }),
    [],
  );
  return (
    <Stack>
      <Title order={2}>Activity</Title>
      <Group align="flex-end">
        <Select
          label="Person"
          placeholder="Everyone"
          clearable
          data={[...people].map(([value, label]) => ({ value, label }))}
          value={personId}
          onChange={setPersonId}
        />
        <Select
          label="Room"
          placeholder="Every room"
          clearable
          searchable
          data={rooms}
          value={room}
          onChange={setRoom}
        />
        <MultiSelect
          label="Kinds"
          placeholder="Every kind"
          clearable
          data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
          value={kinds}
          onChange={setKinds}
        />
      </Group>
      <Feed key={JSON.stringify(filter)} filter={filter} onPeople={onPeople} />
    </Stack>
  );
}
