import { createContext, useContext, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { HostClient } from '../../shared/host/contract';
import type { SearchService } from '../search/searchService';
import type { DocStore } from '../storage/docStore';
import type { StorageStatus } from './storageStatus';
import type { WorkspaceSnapshot, WorkspaceView } from './workspaceView';

/** Everything the UI needs from the app's services, created once in main.tsx and passed down. */
export interface AppServices {
  host: HostClient;
  ws: Y.Doc;
  deviceId: string;
  docs: DocStore;
  view: WorkspaceView;
  storage: StorageStatus;
  search: SearchService;
  /** Injected clock: the UI never calls Date.now() directly, so tests and later features can move it. */
  now(): Date;
  /** Resolves once the journal store has acknowledged everything typed so far (every doc). */
  flushAll(): Promise<void>;
  /** Updates the journal store has not acknowledged yet, across every doc. */
  pendingWrites(): number;
}

export const AppServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useServices must be used inside <AppServicesContext.Provider>.');
  return services;
}

/**
 * The registry alone, for a window that has no full app services (the capture window): the
 * editor's mention typeahead and chips read only this.
 */
export const WorkspaceViewContext = createContext<WorkspaceView | null>(null);

export function useWorkspace(): WorkspaceSnapshot {
  const own = useContext(WorkspaceViewContext);
  const services = useContext(AppServicesContext);
  const view = own ?? services?.view;
  if (!view) throw new Error('useWorkspace must be used inside <AppServicesContext.Provider> or <WorkspaceViewContext.Provider>.');
  return useSyncExternalStore(view.subscribe, view.getSnapshot);
}
