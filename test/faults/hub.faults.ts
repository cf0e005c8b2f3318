// Faults of the Hubitat hub: unreachable, rebooting, and posting or streaming malformed events.
import { suite, sleep, eventually, json, graphql, fault } from "./suite";

/** The hub away, rebooting and sending what is not an event. */
export function hubFaults(): void {
  const hubState = async () =>
    (
      await graphql(`
        {
          hub {
            connected
            problem
            lastSyncAt
          }
          devices {
            id
            stale
          }
        }
      `)
    ).body.data as {
      hub: { connected: boolean; problem: string | null; lastSyncAt: string };
      devices: { id: string; stale: boolean }[];
    };

  it("the hub unreachable, rebooting, and sending malformed events: home degrades with a clear error and recovers", async () => {
    const { stack, load, deviceId } = suite();
    await fault(
      "hub unreachable for 3 s, rebooted (systemStart), malformed event posts and eventsocket frames",
      async (row) => {
        const homePid = stack.home.pid;
        stack.hub.setOffline(true);
        const away = await eventually("home reports the hub away", 15_000, async () => {
          const s = await hubState();
          return s.hub.connected === false && s;
        });
        expect(away.hub.problem).toEqual(expect.any(String));
        expect(away.devices.length).toBeGreaterThan(0);
        expect(away.devices.every((d) => d.stale)).toBe(true);
        const command = await graphql(
          `
            mutation ($id: ID!) {
              sendDeviceCommand(deviceId: $id, command: "refresh") {
                id
              }
            }
          `,
          {
            id: deviceId,
          },
        );
        expect(command.codes).toEqual(["UNAVAILABLE"]);
        await sleep(1_500);
        stack.hub.setOffline(false);
        await eventually("home reports the hub back", 15_000, async () => (await hubState()).hub.connected);

        const syncedBefore = (await hubState()).hub.lastSyncAt;
        await stack.hub.reboot(1_500);
        const rebooted = await eventually("home resynced after systemStart", 20_000, async () => {
          const s = await hubState();
          return s.hub.connected && s.hub.lastSyncAt !== syncedBefore && s;
        });
        expect(rebooted.devices.every((d) => !d.stale)).toBe(true);

        const [stateBefore] = await stack.sql(`select mode, hsm_status from home.hub_state`);
        const postUrl = stack.hub.postUrl();
        expect(postUrl).toMatch(/\/hubitat\/events\//);
        const malformed: [string, string][] = [
          ["application/json", "{not json"],
          ["application/json", JSON.stringify({ content: { name: 7, value: { deep: true }, deviceId: [] } })],
          ["text/plain", "\u0000\u0001garbage"],
          ["application/json", JSON.stringify({ content: null })],
          ["application/json", JSON.stringify([1, 2, 3])],
        ];
        const answers = [];
        for (const [type, body] of malformed) {
          const res = await fetch(postUrl!, { method: "POST", headers: { "content-type": type }, body });
          answers.push(res.status);
        }
        // Refused as bad input (or ignored), never a crash or a 500.
        expect(answers.every((s) => s < 500)).toBe(true);
        expect(answers.filter((s) => s === 400).length).toBeGreaterThan(0);
        // Nothing they said was taken for the hub's state.
        expect((await stack.sql(`select mode, hsm_status from home.hub_state`))[0]).toEqual(stateBefore);
        // Over the eventsocket (a replica that listens there): frames that are not events at all.
        const replica = await stack.startHomeReplica({ HUBITAT_EVENT_TRANSPORT: "eventsocket" });
        const frameWarnings = await (async () => {
          try {
            await eventually("the replica's eventsocket is open", 15_000, async () =>
              replica.process.lines.some((l) => l.includes("hub eventsocket connected")),
            );
            const from = replica.process.lines.length;
            const frames = ["{not json", "\u0000\u0001binary", JSON.stringify({ name: null }), "[]", "null"];
            const sent = await json<{ clients: number }>(`${stack.hub.url}/_sim/eventsocket/frames`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ frames }),
            });
            expect(sent.body.clients).toBeGreaterThanOrEqual(1);
            await eventually("the replica logs the frames it could not read", 10_000, async () =>
              replica.process.since(from).some((l) => l.includes("not JSON")),
            );
            await sleep(500);
            const said = replica.process.since(from);
            // The socket stays open, and the replica still reports the hub connected and healthy.
            expect(said.filter((l) => l.includes("eventsocket closed"))).toEqual([]);
            expect(replica.process.running).toBe(true);
            const seenByReplica = await graphql(
              `
                {
                  hub {
                    connected
                  }
                }
              `,
              undefined,
              replica.url,
            );
            // Replicas share the hub's stored state; the one just started may still be syncing.
            await eventually("the replica sees the hub connected", 15_000, async () =>
              seenByReplica.body.data?.hub?.connected === true
                ? true
                : (
                    await graphql(
                      `
                        {
                          hub {
                            connected
                          }
                        }
                      `,
                      undefined,
                      replica.url,
                    )
                  ).body.data?.hub?.connected === true,
            );
            expect((await json(`${replica.url}/health`)).status).toBe(200);
            return said.filter((l) => l.includes("not JSON")).length;
          } finally {
            await replica.process.kill("SIGTERM");
          }
        })();
        expect((await stack.sql(`select mode, hsm_status from home.hub_state`))[0]).toEqual(stateBefore);

        const after = Date.now();
        expect(await load.nextEvent(after, 15_000)).toBe(true);
        expect((await hubState()).hub.connected).toBe(true);
        expect(stack.home.pid).toBe(homePid);
        row.seen =
          `hub { connected: false, problem: "${away.hub.problem}" }, devices served from storage marked stale, ` +
          `commands UNAVAILABLE; back by itself; a reboot's systemStart made home resync; malformed posts answered ` +
          `${answers.join(", ")}; malformed eventsocket frames were logged (${frameWarnings} warnings) and skipped, the ` +
          `socket stayed open; live updates carried on, home never restarted`;
        row.lost = "nothing: events the hub sent while reachable are stored; stale state is marked as such";
      },
    );
  }, 90_000);
}
