import type { AlertWatcher } from "./services/alerts.js";
import type { Outbox } from "./services/outbox.js";
import type { OutboxWorker } from "./services/outbox.worker.js";
import type { ServiceContext } from "@homegraph/common";
import type DataLoader from "dataloader";
import type { Device } from "./entities/device.entity.js";
import type { HubState } from "./entities/hub-state.entity.js";
import {
  createChangedDevicesLoader,
  createDeviceLoader,
  createHubStateLoader,
  createRoomDevicesLoader,
} from "./services/device.service.js";
import { createFavoriteLoader } from "./services/favorite.service.js";
import type { AccessControl } from "./services/access-control.js";
import type { AccessView } from "./services/access-model.js";
import { createAccessLoader } from "./services/access.service.js";
import type { PeopleDirectory } from "./services/people-directory.js";
import type { AutomationEngine } from "./services/automation-engine.js";
import type { HubLink } from "./services/hub-link.js";
import type { LockCodeService } from "./services/lock-code.service.js";
import type { LockCodeWorker } from "./services/lock-code.worker.js";
import type { RetentionDefaults } from "./services/retention.js";

/** What the resolvers need beyond the request: built once by createHomeRuntime. */
export interface HomeServices {
  link: HubLink;
  automations: AutomationEngine;
  /** Scheduled lock codes: the port the access service calls, and the admin's household codes. */
  lockCodes: LockCodeService;
  /** Writes and deletes them at the locks (tests wait for it, or reconcile at once). */
  lockCodeWorker: LockCodeWorker;
  /** How long a device the hub no longer lists still shows in `devices`. */
  removedGraceMs: number;
  /** How long history is kept for a device without its own retention. */
  retention: RetentionDefaults;
  /** Grants for what outlives a request (subscriptions, automations), and the guest passes' lock codes. */
  accessControl: AccessControl;
  /** Auth's directory of people and roles; unset where no auth service is reachable as a service. */
  people?: PeopleDirectory;
  /** What the email service is told (alerts, automation notices, activity), kept until it takes it. */
  outbox: Outbox;
  outboxWorker: OutboxWorker;
  /** The built-in alerts (tests wait for them to settle). */
  alerts: AlertWatcher;
}

export interface HomeContext extends ServiceContext {
  link: HubLink;
  lockCodes: LockCodeService;
  removedGraceMs: number;
  retention: RetentionDefaults;
  /** The caller's access, read once per request (operation): see services/access-model.ts. */
  access: () => Promise<AccessView>;
  accessControl: AccessControl;
  people?: PeopleDirectory;
  loaders: {
    changedDevices: DataLoader<number, Device[]>;
    device: DataLoader<number, Device | null>;
    roomDevices: DataLoader<string, Device[]>;
    /** One read of the hub's row per request, however many devices ask whether they are stale. */
    hubState: DataLoader<string, HubState>;
    /**
     * The hub states this request has read, so that `stale` answers without a promise once they
     * are known: a list of devices whose every item waits on a promise is completed item by item.
     */
    knownHubStates: Map<string, HubState>;
    /** Whether the signed-in person starred each device. */
    favorite: DataLoader<number, boolean>;
  };
}

export function createContext(base: ServiceContext, services: HomeServices): HomeContext {
  return {
    ...base,
    link: services.link,
    lockCodes: services.lockCodes,
    removedGraceMs: services.removedGraceMs,
    retention: services.retention,
    access: createAccessLoader(base.em, base.identity),
    accessControl: services.accessControl,
    people: services.people,
    loaders: {
      changedDevices: createChangedDevicesLoader(base.em),
      device: createDeviceLoader(base.em),
      roomDevices: createRoomDevicesLoader(base.em, services.removedGraceMs),
      hubState: createHubStateLoader(base.em),
      knownHubStates: new Map(),
      favorite: createFavoriteLoader(base.em, base.identity?.userId),
    },
  };
}
