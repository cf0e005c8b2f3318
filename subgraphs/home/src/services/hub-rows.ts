// Each configured hub has its row in hub_state before anything about it is stored; and when a
// household that had one hub names its hubs (HUBITAT_HUBS), the first one takes over what the
// single hub (`main`) stored: its devices keep their Homegraph ids, history and rooms.
import type { Logger } from "@homegraph/common";
import type { EntityManager } from "@mikro-orm/postgresql";
import { SINGLE_HUB } from "../hubitat/config.js";

export async function prepareHubRows(em: EntityManager, names: string[], logger: Logger): Promise<void> {
  const connection = em.getConnection();
  const primary = names[0];
  if (primary && primary !== SINGLE_HUB && !names.includes(SINGLE_HUB)) {
    // Only into a hub with nothing stored yet: two hubs' devices are never merged.
    const adopted: unknown[] = await connection.execute(
      `update home.devices set hub = ? where hub = ?
         and not exists (select 1 from home.devices where hub = ?) returning id`,
      [primary, SINGLE_HUB, primary],
    );
    await connection.execute(
      `update home.hub_state set hub = ? where hub = ?
         and not exists (select 1 from home.hub_state where hub = ?)`,
      [primary, SINGLE_HUB, primary],
    );
    if (adopted.length) {
      logger.info(
        { hub: primary, devices: adopted.length },
        "the first hub of HUBITAT_HUBS took over the single hub's devices",
      );
    }
  }
  for (const name of names.length ? names : [SINGLE_HUB]) {
    await connection.execute(`insert into home.hub_state (hub) values (?) on conflict (hub) do nothing`, [name]);
  }
}
