import { useEffect, useState, type JSX } from 'react';
import type { MigrationOutcome } from './migrateJournal';

/**
 * Shown once, on the first start after the journal moved into the host's store: what is
 * happening, how far along, and that closing the app now is safe (it resumes).
 */
export interface MigrationRun {
  start(onProgress: (p: { done: number; total: number }) => void): Promise<MigrationOutcome>;
}

export function MigrationScreen({ run, onDone }: { run: MigrationRun; onDone(): void }): JSX.Element {
  const [progress, setProgress] = useState<{ done: number; total: number }>({ done: 0, total: 0 });
  const [outcome, setOutcome] = useState<MigrationOutcome | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setOutcome(null);
    run
      .start((p) => live && setProgress(p))
      .then(
        (result) => {
          if (!live) return;
          if (result.kind === 'done') onDone();
          else setOutcome(result);
        },
        (err: unknown) =>
          live &&
          setOutcome({ kind: 'failed', verified: 0, total: 0, pageId: '', message: err instanceof Error ? err.message : String(err) }),
      );
    return () => {
      live = false;
    };
  }, [run, onDone, attempt]);

  const failed = outcome?.kind === 'failed' ? outcome : null;
  return (
    <main className="migration" aria-labelledby="migration-title">
      <h1 id="migration-title">Moving your journal into its new home…</h1>
      <p>
        Kindred now keeps your journal in a folder on this computer, so other windows, backups and your other devices
        can reach it. This happens once.
      </p>
      <progress
        max={Math.max(progress.total, 1)}
        value={progress.done}
        aria-label="Pages moved"
        aria-valuetext={`${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} pages`}
      />
      <p role="status">
        {progress.done.toLocaleString('en-US')} of {progress.total.toLocaleString('en-US')}
      </p>
      <p className="migration-note">You can close Kindred at any time: it picks up where it stopped.</p>
      {failed && (
        <div role="alert" className="migration-error">
          <p>
            Kindred couldn’t move {failed.pageId ? `the page “${failed.pageId}”` : 'your journal'}: {failed.message}. Nothing
            was lost — your journal is still in this browser’s storage.
          </p>
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      )}
    </main>
  );
}
