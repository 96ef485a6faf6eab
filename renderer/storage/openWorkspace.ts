import * as Y from 'yjs';
import { WORKSPACE_DOC_ID, initWorkspace } from '../../shared/domain/workspace';
import { randomId } from '../../shared/domain/ids';
import type { StorageFailure } from './guardedPersistence';
import { ResilientPersistence } from './resilientPersistence';

export interface OpenedWorkspace {
  doc: Y.Doc;
  persistence: ResilientPersistence;
  /** Identifies this device's storage; only the device that creates a page seeds it. */
  deviceId: string;
}

/** Loads the registry doc — one small database, read once at start-up. */
export async function openWorkspace(
  events: { onFailure(f: StorageFailure): void; onRecovered(name: string): void },
  timeoutMs = 10_000,
): Promise<OpenedWorkspace> {
  const doc = new Y.Doc({ guid: WORKSPACE_DOC_ID });
  const persistence = new ResilientPersistence(WORKSPACE_DOC_ID, doc, events, timeoutMs);
  await persistence.loaded;
  initWorkspace(doc);
  // The device id lives in y-indexeddb's local-only `custom` store: it never syncs.
  let deviceId = (await persistence.persistence.get('deviceId')) as unknown;
  if (typeof deviceId !== 'string' || !deviceId) {
    deviceId = `device-${randomId()}`;
    await persistence.persistence.set('deviceId', deviceId as string);
  }
  return { doc, persistence, deviceId: deviceId as string };
}
