import { useEffect, useId, useMemo, useRef, useState, type JSX } from 'react';
import type { Person } from '../../../../shared/domain/types';
import { HostError } from '../../../../shared/host/errors';
import type { MergePreviewView, MergeProgressEvent } from '../../../../shared/host/slices/people';
import { useServices, useWorkspace } from '../../../state/AppServices';
import { Name } from '../../../ui/Name';
import { formerNameNote, mergeProgressText, mergeSummary } from './mergeText';
import { PersonPicker } from './PersonPicker';

/**
 * "Merge with…" on a person page — a modal <dialog>: pick the other person (typically a
 * duplicate from an import), see what moves onto this person and choose which name stays,
 * then merge on the host with progress and Cancel. The other person disappears from every list
 * once the workspace change arrives; their page and mentions lead here.
 */
type Phase =
  | { kind: 'pick' }
  | { kind: 'previewing'; other: Person }
  | { kind: 'confirm'; preview: MergePreviewView }
  | { kind: 'running'; preview: MergePreviewView; jobId: string | null; progress: MergeProgressEvent | null; cancelling: boolean }
  | { kind: 'ended'; preview: MergePreviewView; progress: MergeProgressEvent }
  | { kind: 'failed'; message: string };

const errorText = (err: unknown): string => (err instanceof HostError || err instanceof Error ? err.message : String(err));

export function MergeDialog({ personId, onClose }: { personId: string; onClose(): void }): JSX.Element {
  const { host } = useServices();
  const { people } = useWorkspace();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'pick' });
  const [keptName, setKeptName] = useState<'keep' | 'drop'>('keep');
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const others = useMemo(() => [...people.values()].filter((p) => p.id !== personId), [people, personId]);
  // The title keeps the name the dialog opened with (the merge may rename this person).
  const [title] = useState(() => people.get(personId)?.name ?? 'this person');
  const jobRef = useRef<string | null>(null);
  const early = useRef<MergeProgressEvent[]>([]);

  useEffect(() => {
    const back = document.activeElement;
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, []);

  // Subscribed for the dialog's whole life, so no event of the job is missed (they can arrive
  // before `people.merge` answers with the job's id).
  useEffect(
    () =>
      host.subscribe('people.mergeProgress', (e) => {
        if (jobRef.current === null) {
          early.current.push(e);
          return;
        }
        if (e.jobId === jobRef.current) onProgressRef.current(e);
      }),
    [host],
  );

  const onProgress = (e: MergeProgressEvent): void => {
    setPhase((p) => {
      if (p.kind !== 'running') return p;
      if (e.phase === 'done' || e.phase === 'cancelled' || e.phase === 'failed') return { kind: 'ended', preview: p.preview, progress: e };
      return { ...p, progress: e };
    });
  };

  const onProgressRef = useRef(onProgress);
  onProgressRef.current = onProgress;

  const choose = (other: Person): void => {
    setPhase({ kind: 'previewing', other });
    host
      .request('people.mergePreview', { keep: personId, drop: other.id })
      .then((preview) => {
        setKeptName('keep');
        setPhase({ kind: 'confirm', preview });
      })
      .catch((err: unknown) => setPhase({ kind: 'failed', message: errorText(err) }));
  };

  const start = (): void => {
    if (phase.kind !== 'confirm') return;
    const preview = phase.preview;
    const name = keptName === 'keep' ? preview.keepName : preview.dropName;
    setPhase({ kind: 'running', preview, jobId: null, progress: null, cancelling: false });
    host
      .request('people.merge', { keep: preview.keep, drop: preview.drop, name: name || preview.keepName || preview.dropName })
      .then(({ jobId }) => {
        jobRef.current = jobId;
        setPhase((p) => (p.kind === 'running' ? { ...p, jobId } : p));
        for (const e of early.current.splice(0)) if (e.jobId === jobId) onProgress(e);
      })
      .catch((err: unknown) => setPhase({ kind: 'failed', message: `Nothing was merged: ${errorText(err)}` }));
  };

  const cancelJob = (): void => {
    if (phase.kind !== 'running' || !phase.jobId || phase.cancelling) return;
    setPhase({ ...phase, cancelling: true });
    host.request('people.mergeCancel', { jobId: phase.jobId }).catch(() => undefined);
  };

  const running = phase.kind === 'running';
  const close = (): void => {
    if (!running) closeRef.current();
  };
  const preview = phase.kind === 'confirm' || phase.kind === 'running' || phase.kind === 'ended' ? phase.preview : null;
  const kept = preview ? (keptName === 'keep' ? preview.keepName : preview.dropName) : '';
  const other = preview ? (keptName === 'keep' ? preview.dropName : preview.keepName) : '';

  return (
    <dialog
      ref={dialog}
      className="dialog merge-dialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-busy={running || phase.kind === 'previewing'}
      onCancel={(e) => {
        e.preventDefault(); // Escape: closes unless the merge is running
        close();
      }}
      onClose={() => (running ? dialog.current?.showModal() : closeRef.current())}
    >
      <h2 id={`${id}-title`}>
        Merge <Name>{title}</Name> with…
      </h2>
      {(phase.kind === 'pick' || phase.kind === 'previewing') && (
        <>
          <p className="muted">For two entries that are the same person — often a duplicate from an import.</p>
          <PersonPicker label="The other person" people={others} onPick={choose} autoFocus />
        </>
      )}
      {preview && (
        <div className="merge-preview">
          <p>
            Moves onto this person from <Name>{preview.dropName}</Name>: {mergeSummary(preview)}.
            {preview.hasPage && (
              <>
                {' '}
                What’s written on <Name>{preview.dropName}</Name>’s page is added to the end of this one.
              </>
            )}
          </p>
          <fieldset className="merge-names" disabled={phase.kind !== 'confirm'}>
            <legend>Which name stays?</legend>
            {(['keep', 'drop'] as const).map((which) => {
              const n = which === 'keep' ? preview.keepName : preview.dropName;
              return (
                <label key={which} className="merge-name">
                  <input type="radio" name={`${id}-name`} value={which} checked={keptName === which} onChange={() => setKeptName(which)} />{' '}
                  <Name>{n || '(no name)'}</Name>
                </label>
              );
            })}
          </fieldset>
          {formerNameNote(kept, other) && <p className="muted">{formerNameNote(kept, other)}</p>}
        </div>
      )}
      <div role="status" className="merge-progress">
        {phase.kind === 'previewing' && 'Looking at what would move…'}
        {phase.kind === 'running' &&
          (phase.cancelling ? 'Cancelling…' : phase.progress ? mergeProgressText(phase.progress, preview?.dropName ?? '') : `Merging ${preview?.dropName ?? ''}…`)}
        {phase.kind === 'ended' && mergeProgressText(phase.progress, phase.preview.dropName)}
      </div>
      {phase.kind === 'running' && phase.progress?.phase === 'pages' && phase.progress.total > 0 && (
        <progress className="merge-bar" max={phase.progress.total} value={phase.progress.done} aria-label="Pages updated" />
      )}
      {phase.kind === 'failed' && (
        <p className="inline-error" role="alert">
          {phase.message}
        </p>
      )}
      <div className="contacts-dialog-actions merge-actions">
        {phase.kind === 'ended' || phase.kind === 'failed' ? (
          <button type="button" className="primary" autoFocus onClick={() => closeRef.current()}>
            Close
          </button>
        ) : phase.kind === 'running' ? (
          // aria-disabled, not disabled: a disabled button drops the focus it holds.
          <button type="button" autoFocus onClick={cancelJob} aria-disabled={!phase.jobId || phase.cancelling}>
            Cancel merge
          </button>
        ) : (
          <>
            <button type="button" onClick={close}>
              Cancel
            </button>
            {phase.kind === 'confirm' && (
              <button type="button" className="primary" autoFocus onClick={start} disabled={phase.preview.alreadyMerged}>
                Merge
              </button>
            )}
          </>
        )}
      </div>
    </dialog>
  );
}
