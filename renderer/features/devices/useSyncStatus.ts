import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatusView } from '../../../shared/host/slices/sync';
import { useServices } from '../../state/AppServices';
import { isSyncStatusView } from './syncModel';
import { plainError } from './syncText';

export interface SyncStatusState {
  /** The host's latest word on sync, or null until it answers (or if it never does). */
  view: SyncStatusView | null;
  /** Why `sync.status` failed, in plain words (an older host, a lost connection); null otherwise. */
  error: string | null;
  /** Takes a status a request returned (rename, remove, cancel) as the latest. */
  accept(view: unknown): void;
}

/**
 * Follows sync as the host reports it: `sync.status` once at mount, then every
 * `sync.statusChanged`. An event that arrives before the first answer is newer than that answer,
 * so the answer is then dropped. Anything not shaped like a status is ignored.
 */
export function useSyncStatus(): SyncStatusState {
  const { host } = useServices();
  const [view, setView] = useState<SyncStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heardEvent = useRef(false);

  useEffect(() => {
    let live = true;
    heardEvent.current = false;
    const stop = host.subscribe('sync.statusChanged', (payload) => {
      if (!live || !isSyncStatusView(payload)) return;
      heardEvent.current = true;
      setView(payload);
      setError(null);
    });
    host
      .request('sync.status', {})
      .then((answer) => {
        if (!live || heardEvent.current) return;
        if (isSyncStatusView(answer)) {
          setView(answer);
          setError(null);
        } else setError('This version of Kindred can’t sync yet.');
      })
      .catch((err: unknown) => {
        if (live && !heardEvent.current) setError(plainError(err));
      });
    return () => {
      live = false;
      stop();
    };
  }, [host]);

  const accept = useCallback((next: unknown) => {
    if (isSyncStatusView(next)) {
      setView(next);
      setError(null);
    }
  }, []);

  return { view, error, accept };
}
