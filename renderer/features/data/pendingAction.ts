/**
 * A File-menu command for Your data ("Export calendar…", "Back up…") waiting for the screen: the
 * menu navigates to #/settings/data and leaves the action here; the screen takes it when it
 * mounts (or at once, when it is already open). One slot: a newer command replaces an older one.
 */
export type DataAction = 'importContacts' | 'exportVault' | 'exportCalendar' | 'backup' | 'restore';

export const DATA_ACTIONS: ReadonlySet<string> = new Set<DataAction>(['importContacts', 'exportVault', 'exportCalendar', 'backup', 'restore']);

let pending: DataAction | null = null;
const listeners = new Set<() => void>();

export function requestDataAction(action: DataAction): void {
  pending = action;
  for (const l of [...listeners]) l();
}

/** The waiting action, removed (so it runs once). */
export function takeDataAction(): DataAction | null {
  const a = pending;
  pending = null;
  return a;
}

export function onDataAction(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
