import type { EntityManager } from "@mikro-orm/postgresql";
import type { SubgraphUnderTest } from "../../../test/support/subgraph";
import { useHomeOnSimulator } from "./__tests__/home-on-simulator";
import { Device } from "./entities/device.entity";
import { createRoomDevicesLoader, listDevices } from "./services/device.service";

// Lists and the dashboard read devices as plain rows instead of entities (see deviceRows): every
// property must read as the entity's would, or an answer would change with the way it was read.

let home: SubgraphUnderTest;
const { idOf } = useHomeOnSimulator((running) => ({ home } = running));

const fork = () => home.service.orm.em.fork() as EntityManager;
const plain = (d: Device) => ({ ...d });

describe("devices read as rows", () => {
  it("hold every property as the entity does, nulls, dates and JSON included", async () => {
    const id = await idOf("11");
    // Values the simulator leaves empty, so that each kind of column is compared with a value in it.
    await home.sql(
      `update home.devices set last_changed_by_id = 7, last_changed_at = now(), event_retention_days = 30,
       removed_at = now() - interval '1 minute' where id = $1`,
      [id],
    );
    const entities = await fork().find(Device, {}, { orderBy: { room: "asc", label: "asc" } });
    const rows = await listDevices(fork());
    expect(rows.length).toBe(entities.length);
    expect(rows.map(plain)).toEqual(entities.map(plain));
    const changed = rows.find((d) => d.id === Number(id))!;
    // Served as they are: type-graphql would build a Device (and the ORM's tracking) for a plain object.
    expect(changed).toBeInstanceOf(Device);
    expect(JSON.parse(JSON.stringify(changed))).toMatchObject({ id: changed.id, label: changed.label });
    expect(changed.lastChangedAt).toBeInstanceOf(Date);
    expect(changed.removedAt).toBeInstanceOf(Date);
    expect(Array.isArray(changed.attributes)).toBe(true);

    const rooms = [...new Set(entities.map((d) => d.room).filter((r): r is string => !!r))];
    const loader = createRoomDevicesLoader(fork(), 3_600_000);
    const byRoom = await Promise.all(rooms.map((room) => loader.load(room)));
    expect(byRoom.flat().map(plain)).toEqual(
      rooms.flatMap((room) =>
        entities
          .filter((d) => d.room === room)
          .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
          .map(plain),
      ),
    );
    await home.sql(
      `update home.devices set last_changed_by_id = null, last_changed_at = null, event_retention_days = null,
       removed_at = null where id = $1`,
      [id],
    );
  });
});
