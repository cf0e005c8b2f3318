import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { MEMBER, useHomeOnSimulator } from "./__tests__/home-on-simulator";

// Favourite devices are each person's own: starring one changes that person's dashboard only,
// and the star is kept on the server, so it follows them to every browser.

let home: SubgraphUnderTest;
const { asMember, idOf } = useHomeOnSimulator((running) => ({ home } = running));

const OTHER_MEMBER = MEMBER + 1;
const asOther = (query: string, variables?: Record<string, unknown>) =>
  home.query(query, variables, { authorization: home.tokens.bearer({ sub: OTHER_MEMBER }) });

const STAR = `mutation ($id: ID!, $favorite: Boolean!) { setFavoriteDevice(id: $id, favorite: $favorite) { id label favorite } }`;
const favourites = async (ask: typeof asMember): Promise<string[]> => {
  const { body } = await ask(`{ devices { id favorite } }`);
  expect(body.errors).toBeUndefined();
  return (body.data!.devices as { id: string; favorite: boolean }[]).filter((d) => d.favorite).map((d) => d.id);
};

describe("favourite devices", () => {
  it("are the signed-in person's own: one member's star is not another's", async () => {
    const porch = await idOf("11");
    const lock = await idOf("31");
    expect(await favourites(asMember)).toEqual([]);

    const starred = await asMember(STAR, { id: porch, favorite: true });
    expect(starred.body.errors).toBeUndefined();
    expect(starred.body.data!.setFavoriteDevice).toMatchObject({ id: porch, favorite: true });
    // Starring twice (two taps, two tabs) is no error and still one favourite.
    expect((await asMember(STAR, { id: porch, favorite: true })).body.errors).toBeUndefined();
    expect((await asOther(STAR, { id: lock, favorite: true })).body.errors).toBeUndefined();

    expect(await favourites(asMember)).toEqual([porch]);
    expect(await favourites(asOther)).toEqual([lock]);
    const one = await asOther(`query ($id: ID!) { device(id: $id) { favorite } }`, { id: porch });
    expect(one.body.data!.device.favorite).toBe(false);
    expect(await home.sql(`select user_id from home.favorite_devices where device_id = $1`, [porch])).toEqual([
      { user_id: MEMBER },
    ]);

    const unstarred = await asMember(STAR, { id: porch, favorite: false });
    expect(unstarred.body.data!.setFavoriteDevice.favorite).toBe(false);
    expect(await favourites(asMember)).toEqual([]);
    expect(await favourites(asOther)).toEqual([lock]);
    await asOther(STAR, { id: lock, favorite: false });
  });

  it("needs a signed-in person and an existing device", async () => {
    const anonymous = await home.query(STAR, { id: await idOf("11"), favorite: true });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const missing = await asMember(STAR, { id: "999999", favorite: true });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await home.sql(`select * from home.favorite_devices`)).toEqual([]);
  });
});
