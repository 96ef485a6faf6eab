import type { HostHandlers } from '../../shared/host/contract';
import type { JournalStore } from '../services/store/types';
import { createAppHandlers, type AppServices } from './appHandlers';
import { createDerivedSlice, type DerivedSource } from './derivedHandlers';
import type { HostEmitter } from './emitter';
import { createMigrationHandlers } from './migrationHandlers';
import { createReplicaSlice, type ReplicaServices } from './replicaHandlers';
import { createSyncSlice, type SyncSource } from './syncHandlers';
import { createCaptureHandlers, type CaptureServices } from './captureHandlers';
import { createSettingsSlice, type SettingsServices } from './settingsHandlers';
import { createContactsSlice } from './contactsHandlers';
import { createPeopleSlice } from './peopleHandlers';
import { createDataSlice, type DataServices } from './dataHandlers';
import { createTrashSlice } from './trashHandlers';
import { createSearchSlice, type SearchSource } from './searchHandlers';

export { checkExternalUrl } from './appHandlers';
export type { HostEmitter } from './emitter';

/**
 * The contract mapped onto services, one file per slice, composed here. Both hosts build their
 * handlers here and differ only in the services they pass in (Electron's windows, shell and
 * store process vs. the web host's sockets and in-process store), so the behaviour a renderer
 * sees is the same whichever host it runs in.
 */
export interface HostServices extends AppServices, HostEmitter {
  /** The journal store (in-process, or a client of the store process). */
  store: JournalStore;
  /**
   * The local derived index; a promise while it starts (requests wait for it), or null for a
   * host without one (`derived.pages` is then empty and ready).
   */
  derived: DerivedSource;
  /** Full-text search beside the store; a promise while it starts, or null/absent (then `search.query` refuses). */
  search?: SearchSource;
  /** Peer-to-peer sync; a promise while it starts, or null/absent for a host without it. */
  sync?: SyncSource;
  /** Quick capture (issue 12): drafts, hide/show; absent = the host's defaults. */
  capture?: CaptureServices;
  /** Desktop settings (issue 12): hotkey, keep running, start at login; absent = not offered. */
  settings?: SettingsServices;
  /** Your data (exports, backup, restore): where files go; absent = not offered. */
  data?: DataServices;
  /** Where refused input and store failures are reported; console.warn by default. */
  log?: (line: string) => void;
  /** Tuning for tests (coalescing delay, transfer/upload bounds and expiry). */
  replica?: Pick<ReplicaServices, 'transfers' | 'uploads' | 'coalesceMs'>;
}

/** The handlers plus what a host must tell them about its clients' lifetimes. */
export interface HostHandlerSet {
  handlers: HostHandlers;
  /** A window closed or a socket went away: drop its open docs, transfers and uploads. */
  clientGone(clientId: string): void;
  /** Stops listening to the store and the derived index and frees timers (the store stays open). */
  dispose(): void;
}

export function createHostHandlers(services: HostServices): HostHandlerSet {
  const log = services.log ?? ((line: string) => console.warn(line));
  const replica = createReplicaSlice({
    store: services.store,
    emitTo: services.emitTo,
    emitAll: services.emitAll,
    log,
    ...services.replica,
  });
  const derived = createDerivedSlice(services.derived, services, log);
  const sync = createSyncSlice(services.sync ?? null, services, log);
  const settings = createSettingsSlice(services.settings, services, services.appInfo.platform);
  const contacts = createContactsSlice({ store: services.store, now: services.now });
  const people = createPeopleSlice({ store: services.store, derived: services.derived, emitAll: services.emitAll, now: services.now, log });
  const data = createDataSlice({ store: services.store, derived: services.derived, data: services.data, emitAll: services.emitAll, now: services.now, log });
  const search = createSearchSlice(services.search ?? null, services, log);
  const trash = createTrashSlice({ store: services.store, emitAll: services.emitAll, now: services.now, log });
  // Typed as the whole map: a request without a handler is a compile error here.
  const handlers: HostHandlers = {
    ...createAppHandlers(services),
    ...replica.handlers,
    ...derived.handlers,
    ...createMigrationHandlers(services.store, log),
    ...sync.handlers,
    ...createCaptureHandlers(services.capture),
    ...settings.handlers,
    ...contacts.handlers,
    ...people.handlers,
    ...data.handlers,
    ...trash.handlers,
    ...search.handlers,
  };
  return {
    handlers,
    clientGone: (clientId) => {
      replica.clientGone(clientId);
      settings.clientGone(clientId);
      contacts.clientGone(clientId);
      data.clientGone(clientId);
    },
    dispose() {
      replica.dispose();
      derived.dispose();
      sync.dispose();
      settings.dispose();
      contacts.dispose();
      people.dispose();
      void data.dispose();
      void trash.dispose();
      search.dispose();
    },
  };
}
