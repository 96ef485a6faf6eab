import { useEffect, useId, useState, type JSX } from 'react';
import type { AutoBackupView } from '../../../shared/host/slices/data';
import { DATA_KEEP_MAX } from '../../../shared/host/limits';
import { useServices } from '../../state/AppServices';
import { plainError } from '../devices/syncText';
import { useNow } from '../devices/useNow';
import { lastBackupText } from './dataText';

/**
 * "Back up automatically every day": on/off and how many to keep, saved in the host at once;
 * the folder they go to and when the last one was made ("Last backup: today 09:12 (3 kept)").
 * Re-read every minute, since the host makes them on its own.
 */
export function AutoBackupSection(): JSX.Element {
  const { host } = useServices();
  const id = useId();
  const now = useNow(60_000);
  const [view, setView] = useState<AutoBackupView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keep, setKeep] = useState('');

  useEffect(() => {
    let live = true;
    host.request('data.autoBackup.get', {}).then(
      (v) => {
        if (!live) return;
        setView(v);
        setKeep((k) => (k === '' ? String(v.keep) : k));
      },
      (err: unknown) => live && setError(plainError(err)),
    );
    return () => {
      live = false;
    };
  }, [host, now]);

  const save = (patch: { enabled?: boolean; keep?: number }): void => {
    setError(null);
    host.request('data.autoBackup.set', patch).then(
      (v) => {
        setView(v);
        setKeep(String(v.keep));
      },
      (err: unknown) => setError(plainError(err)),
    );
  };
  const saveKeep = (): void => {
    const n = Number(keep);
    if (!view || n === view.keep) return;
    if (!Number.isInteger(n) || n < 1 || n > DATA_KEEP_MAX) {
      setError(`Keep between 1 and ${DATA_KEEP_MAX} backups.`);
      return;
    }
    save({ keep: n });
  };

  return (
    <section className="settings-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Daily backup</h2>
      {!view && !error && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {view && (
        <>
          <label className="data-toggle">
            <input type="checkbox" checked={view.enabled} onChange={(e) => save({ enabled: e.target.checked })} /> Back up automatically every day
          </label>
          <div className="data-keep">
            <label htmlFor={`${id}-keep`}>Keep the last</label>{' '}
            <input
              id={`${id}-keep`}
              type="number"
              min={1}
              max={DATA_KEEP_MAX}
              inputMode="numeric"
              value={keep}
              onChange={(e) => setKeep(e.target.value)}
              onBlur={saveKeep}
              onKeyDown={(e) => {
                if (e.key === 'Enter') saveKeep();
              }}
            />{' '}
            backups
          </div>
          <p className="muted">
            Saved in <code>{view.folder}</code>
          </p>
          <p role="status" className="data-last">
            {lastBackupText(view, now)}
          </p>
          {view.error && (
            <p className="settings-problem" role="alert">
              The last daily backup failed: {view.error}
            </p>
          )}
        </>
      )}
      {error && (
        <p className="settings-problem" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
