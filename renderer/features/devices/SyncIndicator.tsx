import type { JSX } from 'react';
import { routeHref } from '../../router/routes';
import { useSyncStatus } from './useSyncStatus';

/**
 * One line in the sidebar for sync as a whole ("Up to date", "Syncing 120 changes…", "Offline —
 * changes are kept here"), linking to Devices. Hidden while sync is off, and when the host does
 * not answer `sync.status` at all (an older host): the sidebar never breaks over sync.
 */
export function SyncIndicator(): JSX.Element | null {
  const { view } = useSyncStatus();
  if (!view || (!view.enabled && !view.removed)) return null;
  const kind = view.removed ? 'removed' : view.summary.kind;
  const text = view.summary.text.trim() || (view.removed ? 'Removed from sync' : 'Sync');
  const problem = kind === 'error' && view.lastError && view.lastError.trim() !== text ? view.lastError.trim() : null;
  return (
    <div className="sidebar-sync" role="status" data-state={kind}>
      <a href={routeHref({ name: 'devices' })}>
        <span className="sidebar-sync-dot" aria-hidden="true" />
        <span className="visually-hidden">Sync: </span>
        {text}
      </a>
      {problem && <span className="sidebar-sync-problem">{problem}</span>}
    </div>
  );
}
