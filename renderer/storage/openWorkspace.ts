import * as Y from 'yjs';
import { WORKSPACE_DOC_ID, initWorkspace } from '../../shared/domain/workspace';
import { randomId } from '../../shared/domain/ids';
import { GuardedPersistence, type StorageFailure } from './guardedPersistence';

export interface OpenedWorkspace {
  doc: Y.Doc;
  persistence: GuardedPersistence;
  /** Identifies this device's storage; only the device that creates a page seeds it. */
  deviceId: string;
}

/** Loads the registry doc — one small database, read once at start-up. */
export async function openWorkspace(
  onFailure: (f: StorageFailure) => void,
  timeoutMs = 10_000,
): Promise<OpenedWorkspace> {
  const doc = new Y.Doc({ guid: WORKSPACE_DOC_ID });
  const persistence = new GuardedPersistence(WORKSPACE_DOC_ID, doc, onFailure);
  await persistence.whenLoaded(timeoutMs);
  initWorkspace(doc);
  let deviceId = (await persistence.get('deviceId')) as unknown;
  if (typeof deviceId !== 'string' || !deviceId) {
    deviceId = `device-${randomId()}`;
    await persistence.set('deviceId', deviceId as string);
  }
  return { doc, persistence, deviceId: deviceId as string };
}
