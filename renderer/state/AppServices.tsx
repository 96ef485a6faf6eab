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
  /** Flushes derived registry updates and every open doc's pending writes to IndexedDB. */
  flushAll(): Promise<void>;
  /** Writes issued but not yet committed, across every open doc. */
  pendingWrites(): number;
}

export const AppServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useServices must be used inside <AppServicesContext.Provider>.');
  return services;
}

export function useWorkspace(): WorkspaceSnapshot {
  const { view } = useServices();
  return useSyncExternalStore(view.subscribe, view.getSnapshot);
}
