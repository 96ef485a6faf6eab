import { useEffect, useId, useRef, useState, type JSX } from 'react';
import { previewContactFiles, type ContactFile } from '../../../shared/host/contactsUpload';
import type { ContactsPreviewView } from '../../../shared/host/slices/contacts';
import { useServices } from '../../state/AppServices';
import { Name } from '../../ui/Name';
import { importError, isContactsFile, previewSummary, resultText, where } from './importText';

/**
 * "Import contacts" — a modal <dialog> over People: reads the chosen or dropped .vcf files,
 * asks the host for a preview (nothing is written), shows it in plain words, and imports only
 * on "Import". The page behind is inert (focus stays inside); Escape cancels (and the host
 * forgets the preview) except while the import is being written. The new people reach the list
 * through the workspace doc, as any other change does.
 */
type Phase =
  | { kind: 'reading'; sent: number; total: number }
  | { kind: 'preview'; view: ContactsPreviewView }
  | { kind: 'importing'; view: ContactsPreviewView }
  | { kind: 'done'; text: string }
  | { kind: 'failed'; message: string };

/** Long lists are cut here (a whole address book can be thousands of cards). */
const SHOWN = 200;

function More({ total }: { total: number }): JSX.Element | null {
  return total > SHOWN ? <li className="muted">…and {total - SHOWN} more</li> : null;
}

export function ImportContactsDialog({ files, onClose }: { files: readonly File[]; onClose(): void }): JSX.Element {
  const { host } = useServices();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'reading', sent: 0, total: 0 });
  const chosen = files.filter(isContactsFile);
  const ignored = files.filter((f) => !isContactsFile(f)).map((f) => f.name);
  const previewId = useRef<string | null>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const back = document.activeElement;
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => {
      // Cancelled (or closed) with a preview still held: the host may forget it now.
      if (previewId.current) host.request('contacts.discard', { previewId: previewId.current }).catch(() => undefined);
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
    // Opened once per mount.
  }, [host]);

  useEffect(() => {
    let live = true;
    if (chosen.length === 0) {
      setPhase({ kind: 'failed', message: 'None of these is a contacts file. Choose .vcf files (exported from Contacts, Google, Outlook or your phone).' });
      return;
    }
    void (async () => {
      try {
        const read: ContactFile[] = await Promise.all(chosen.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
        const view = await previewContactFiles(host, read, (sent, total) => live && setPhase({ kind: 'reading', sent, total }));
        if (!live) {
          void host.request('contacts.discard', { previewId: view.previewId }).catch(() => undefined);
          return;
        }
        previewId.current = view.previewId;
        setPhase({ kind: 'preview', view });
      } catch (err) {
        if (live) setPhase({ kind: 'failed', message: importError(err) });
      }
    })();
    return () => {
      live = false;
    };
    // The files are fixed for this dialog's life.
  }, [host]);

  const busy = phase.kind === 'reading' || phase.kind === 'importing';
  const runImport = (): void => {
    if (phase.kind !== 'preview') return;
    const view = phase.view;
    setPhase({ kind: 'importing', view });
    previewId.current = null; // one use: the host drops it whatever happens
    host
      .request('contacts.import', { previewId: view.previewId })
      .then((result) => setPhase({ kind: 'done', text: resultText(result) }))
      .catch((err: unknown) => setPhase({ kind: 'failed', message: `Nothing was imported: ${importError(err)}` }));
  };
  const cancel = (): void => {
    if (phase.kind !== 'importing') closeRef.current();
  };
  const view = phase.kind === 'preview' || phase.kind === 'importing' ? phase.view : null;
  const canImport = view !== null && view.add.length + view.update.length > 0;
  const problems = view ? view.problems.filter((p) => p.level !== 'info') : [];
  const notes = view ? view.problems.filter((p) => p.level === 'info') : [];

  return (
    <dialog
      ref={dialog}
      className="dialog contacts-dialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-busy={busy}
      onCancel={(e) => {
        e.preventDefault(); // Escape: React decides whether the dialog is shown
        cancel();
      }}
      // Chromium may close it without a cancel event (a second Escape); while the import is
      // being written it stays open, so the result is always seen.
      onClose={() => (phase.kind === 'importing' ? dialog.current?.showModal() : closeRef.current())}
    >
      <h2 id={`${id}-title`}>Import contacts</h2>
      <div role="status" className="contacts-progress">
        {phase.kind === 'reading' &&
          (phase.total > 0
            ? `Reading ${chosen.length === 1 ? 'the file' : `${chosen.length} files`}… ${Math.round((phase.sent / phase.total) * 100)}%`
            : `Reading ${chosen.length === 1 ? 'the file' : `${chosen.length} files`}…`)}
        {phase.kind === 'importing' && `Importing ${phase.view.add.length + phase.view.update.length} people…`}
        {phase.kind === 'done' && phase.text}
      </div>
      {phase.kind === 'failed' && (
        <p className="inline-error" role="alert">
          {phase.message}
        </p>
      )}
      {ignored.length > 0 && (
        <p className="muted">
          Not read (not a .vcf file): {ignored.map((n, i) => (
            <span key={i}>
              {i > 0 && ', '}
              <Name>{n}</Name>
            </span>
          ))}
        </p>
      )}
      {view && (
        <div className="contacts-preview" role="group" tabIndex={0} aria-label="What the import will do">
          <p className="contacts-summary">{previewSummary(view)}.</p>
          {view.add.length > 0 && (
            <section aria-labelledby={`${id}-add`}>
              <h3 id={`${id}-add`}>Will be added</h3>
              <ul>
                {view.add.slice(0, SHOWN).map((a, i) => (
                  <li key={i}>
                    <Name>{a.name}</Name> <span className="muted">{a.detail}</span>
                  </li>
                ))}
                <More total={view.add.length} />
              </ul>
            </section>
          )}
          {view.update.length > 0 && (
            <section aria-labelledby={`${id}-update`}>
              <h3 id={`${id}-update`}>Will be updated</h3>
              <ul>
                {view.update.slice(0, SHOWN).map((u, i) => (
                  <li key={i}>
                    <Name>{u.name}</Name>
                    {u.changes.length > 0 && <span className="muted"> {u.changes.join(' · ')}</span>}
                  </li>
                ))}
                <More total={view.update.length} />
              </ul>
            </section>
          )}
          {view.skip.length > 0 && (
            <section aria-labelledby={`${id}-skip`}>
              <h3 id={`${id}-skip`}>Skipped</h3>
              <ul>
                {view.skip.slice(0, SHOWN).map((s, i) => (
                  <li key={i}>
                    {s.name ? <Name>{s.name}</Name> : 'A card'} <span className="muted">({s.file})</span>: {s.reason}
                  </li>
                ))}
                <More total={view.skip.length} />
              </ul>
            </section>
          )}
          {problems.length > 0 && (
            <section aria-labelledby={`${id}-problems`}>
              <h3 id={`${id}-problems`}>Problems</h3>
              <ul>
                {problems.slice(0, SHOWN).map((p, i) => (
                  <li key={i}>
                    <Name>{where(p.file, p.card)}</Name>: {p.reason}
                  </li>
                ))}
                <More total={problems.length} />
              </ul>
            </section>
          )}
          {notes.length > 0 && (
            <details>
              <summary>Details not imported ({notes.length})</summary>
              <ul>
                {notes.slice(0, SHOWN).map((p, i) => (
                  <li key={i}>
                    <Name>{where(p.file, p.card)}</Name>: {p.reason}
                  </li>
                ))}
                <More total={notes.length} />
              </ul>
            </details>
          )}
        </div>
      )}
      <div className="contacts-dialog-actions">
        {phase.kind === 'done' || phase.kind === 'failed' ? (
          <button type="button" className="primary" autoFocus onClick={() => closeRef.current()}>
            Close
          </button>
        ) : (
          <>
            {/* aria-disabled, not disabled: a disabled button drops the focus it holds. */}
            <button type="button" autoFocus={!canImport} onClick={cancel} aria-disabled={phase.kind === 'importing'}>
              Cancel
            </button>
            {(canImport || phase.kind === 'importing') && (
              <button type="button" className="primary" autoFocus onClick={runImport} aria-disabled={phase.kind === 'importing'}>
                {phase.kind === 'importing' ? 'Importing…' : 'Import'}
              </button>
            )}
          </>
        )}
      </div>
    </dialog>
  );
}
