/**
 * A guest pass for real (docs/identity.md "Guest passes", docs/access.md): the gateway, auth and
 * home on the hub simulator, nothing standing in for anything. An admin's pass makes home grant
 * the guest exactly its rooms and devices and write its code at the lock when it starts; the guest
 * opens the link through the gateway, sees only those devices, unlocks while the link's opening is
 * fresh and is told to open it again later; ending the pass signs the guest out within a second,
 * takes home's grants away and deletes the code from the lock.
 */
import { deviceIdOf } from "./support/home";
import { startStack, type Stack } from "./support/stack";
import { within } from "./support/tokens";

let stack: Stack;
let admin: string;

const CODE = "4321";
const as = (authorization: string) => (query: string, variables?: Record<string, unknown>) =>
  stack.query(query, variables, { authorization });
const codesAtLock = async (): Promise<Record<string, { name?: string; code?: string }>> => {
  const res = await fetch(`${stack.hub!.url}/_sim/devices/71/codes`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { codes: Record<string, { name?: string; code?: string }> };
  return body.codes;
};
const holdsCode = async () => Object.values(await codesAtLock()).some((c) => c.code === CODE);

beforeAll(async () => {
  stack = await startStack({ hub: true });
  await within(15_000, async () => (await stack.sql(`select connected from home.hub_state`))[0]?.connected === true);
  await stack.addUser({ email: "ava@example.com", password: "password", displayName: "Ava", role: "ADMIN" });
  // Signed in a moment ago: her step-up is fresh, as createGuestPass asks.
  admin = (await stack.signIn("ava@example.com", "password")).authorization;
}, 60_000);
afterAll(() => stack?.stop());

it("grants exactly the pass's rooms and devices, writes and deletes its code at the lock, and ends the guest's sessions within a second", async () => {
  const lock = await deviceIdOf(stack, "71");
  expect(await holdsCode()).toBe(false);
  const created = await as(admin)(
    `mutation ($input: CreateGuestPassInput!) { createGuestPass(input: $input) { link pass { id guest { id } } } }`,
    {
      input: {
        guestName: "Gus",
        validFrom: new Date(Date.now() - 1000).toISOString(),
        validUntil: new Date(Date.now() + 3_600_000).toISOString(),
        rooms: [{ room: "Kitchen", level: "CONTROL" }],
        devices: [{ deviceId: lock, level: "CONTROL" }],
        lockCode: { deviceId: lock, code: CODE },
      },
    },
  );
  expect(created.body.errors).toBeUndefined();
  const { link, pass } = created.body.data!.createGuestPass as {
    link: string;
    pass: { id: string; guest: { id: string } };
  };

  // Home holds the pass's grants, and the code reaches the lock as the pass has started.
  const grants = await stack.sql(
    `select room, device_id, level from home.access_grants where pass_id = $1 order by room nulls last`,
    [pass.id],
  );
  expect(grants).toEqual([
    { room: "Kitchen", device_id: null, level: "CONTROL" },
    { room: null, device_id: Number(lock), level: "CONTROL" },
  ]);
  await within(10_000, holdsCode);
  expect(Object.values(await codesAtLock()).find((c) => c.code === CODE)?.name).toBe("Gus");

  // The link, opened through the gateway: the login's answer and cookies.
  const token = link.split("/pass/")[1]!;
  const redeemed = await fetch(`${stack.gateway.url}/auth/pass/redeem`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  expect(redeemed.status).toBe(200);
  expect(redeemed.headers.getSetCookie().some((c) => c.startsWith("hg_refresh="))).toBe(true);
  const session = (await redeemed.json()) as { accessToken: string; refreshToken: string; user: { role: string } };
  expect(session.user.role).toBe("GUEST");
  const guest = as(`Bearer ${session.accessToken}`);

  const listed = await guest(`{ devices { id label room } }`);
  expect(listed.body.errors).toBeUndefined();
  const expected = await stack.sql(`select id from home.devices where room = 'Kitchen' or id = $1 order by id`, [lock]);
  expect(
    listed.body.data!.devices.map((d: { id: string }) => Number(d.id)).sort((a: number, b: number) => a - b),
  ).toEqual(expected.map((r) => Number(r.id)));

  // Opening the link is the guest's confirmation: unlocking works for 5 minutes after it.
  const UNLOCK = `mutation ($id: ID!) { unlock(deviceId: $id) { id } }`;
  expect((await guest(UNLOCK, { id: lock })).body.errors).toBeUndefined();
  await stack.sql(`update auth.user_sessions set auth_time = now() - interval '301 seconds' where user_id = $1`, [
    Number(pass.guest.id),
  ]);
  const refreshed = await fetch(`${stack.gateway.url}/auth/refresh`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refreshToken: session.refreshToken }),
  });
  expect(refreshed.status).toBe(200);
  const later = as(`Bearer ${((await refreshed.json()) as { accessToken: string }).accessToken}`);
  const stale = await later(UNLOCK, { id: lock });
  expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: "STEP_UP_REQUIRED", stepUpBy: "PASS_LINK" });
  expect(stale.body.errors![0]!.message).toMatch(/open your guest pass link again/);

  // Ended early: signed out within a second, home's grants gone, the code deleted from the lock.
  const ended = await as(admin)(`mutation ($id: ID!) { endGuestPass(id: $id) { status } }`, { id: pass.id });
  expect(ended.body.errors).toBeUndefined();
  expect(ended.body.data!.endGuestPass.status).toBe("ENDED");
  const signedOutIn = await within(1000, async () => {
    const me = await later(`{ me { id } }`);
    return me.status === 401 || me.body.errors?.[0]?.extensions?.code === "UNAUTHENTICATED";
  });
  console.log(`guest signed out ${signedOutIn} ms after endGuestPass answered`);
  await within(10_000, async () => {
    const [row] = await stack.sql(`select count(*)::int as n from home.access_grants where pass_id = $1`, [pass.id]);
    return row!.n === 0;
  });
  await within(10_000, async () => !(await holdsCode()));
  expect(await codesAtLock()).toMatchObject({ "1": { name: "Family" } });
  // A new session from the same link is refused: the pass has ended.
  const again = await fetch(`${stack.gateway.url}/auth/pass/redeem`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  expect(again.status).toBe(410);
}, 60_000);
