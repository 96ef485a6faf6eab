import { useState, type JSX } from 'react';
import type { SyncStatusView } from '../../../shared/host/slices/sync';
import { useServices } from '../../state/AppServices';
import { plainError } from './syncText';

/**
 * Pause / resume sync on this device (the tray offers the same). Paused, nothing is sent or
 * received; what is written meanwhile is kept here and travels when sync resumes.
 */
export function PauseSync({ paused, onChanged }: { paused: boolean; onChanged: (view: SyncStatusView) => void }): JSX.Element {
  const { host } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = (): void => {
    setBusy(true);
    setError(null);
    host
      .request('sync.pause', { paused: !paused })
      .then(onChanged)
      .catch((err: unknown) => setError(plainError(err)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="devices-pause">
      <p className="muted" role="status">
        {paused ? 'Sync is paused. What you write stays on this device and travels when you resume.' : ''}
      </p>
      <button type="button" onClick={toggle} disabled={busy}>
        {paused ? 'Resume sync' : 'Pause sync'}
      </button>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
