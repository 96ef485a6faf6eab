import { useCallback, useEffect, useId, useRef, useState, type JSX, type RefObject } from 'react';
import type { DataExportKind, DataJobKind, DataStatus, RestorePreview } from '../../../shared/host/slices/data';
import { routeHref } from '../../router/routes';
import { useServices } from '../../state/AppServices';
import { plainError } from '../devices/syncText';
import { ImportContactsDialog } from '../people/ImportContactsDialog';
import { usePageTitle } from '../shell/usePageTitle';
import { AutoBackupSection } from './AutoBackupSection';
import { JobPanel } from './JobPanel';
import { onDataAction, takeDataAction, type DataAction } from './pendingAction';
import { MERGE_CANCEL_NOTE, MERGE_QUESTION, previewText } from './dataText';
import { uploadBackup } from './uploadBackup';
import { useDataJobs } from './useDataJobs';

/**
 * Settings → Your data: export the journal (Markdown vault, calendar), back it up, merge a backup
 * back in, import contacts, and the daily backup. Long jobs run in the host and report here
 * with a progress bar and Cancel. Where files go is the host's choice: the desktop app asks with
 * its own Save/Open dialogs; in the browser the page asks only for a name (written into the
 * host's exports folder) and uploads a backup to restore.
 */
const EXPORT_LABELS: Record<DataExportKind, string> = {
  vault: 'Export as Markdown vault…',
  calendar: 'Export calendar (.ics)…',
  backup: 'Back up now…',
};

function defaultName(kind: DataExportKind, now: Date): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return kind === 'vault' ? `Kindred vault ${day}` : kind === 'calendar' ? `Kindred birthdays ${day}` : `Kindred backup ${day}`;
}

type RestoreStep =
  | { step: 'idle' }
  | { step: 'reading'; sent: number; total: number }
  | { step: 'preview'; preview: RestorePreview }
  | { step: 'starting'; preview: RestorePreview };

export function DataView(): JSX.Element {
  usePageTitle('Your data');
  const { host, now } = useServices();
  const id = useId();
  const data = useDataJobs();
  const browser = data.status?.picker === 'browser';
  const [naming, setNaming] = useState<DataExportKind | null>(null);
  const [problem, setProblem] = useState<{ where: 'export' | 'backup' | 'contacts'; text: string } | null>(null);
  const [restore, setRestore] = useState<RestoreStep>({ step: 'idle' });
  const [importing, setImporting] = useState<File[] | null>(null);
  const contactsPicker = useRef<HTMLInputElement>(null);
  const backupPicker = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  const whereOf = (kind: DataExportKind): 'export' | 'backup' => (kind === 'backup' ? 'backup' : 'export');
  const running = (kind: DataJobKind): boolean => data.jobs[kind]?.state === 'running';

  const startExport = useCallback(
    (kind: DataExportKind, name?: string) => {
      setProblem(null);
      data.clear(kind);
      host.request('data.export', { kind, ...(name ? { name } : {}) }).then(
        (r) => {
          setNaming(null);
          if (r.started) data.started(kind, r.jobId, r.target);
        },
        (err: unknown) => setProblem({ where: whereOf(kind), text: plainError(err) }),
      );
    },
    [host, data],
  );

  /** The button: in the browser, ask for a name first; in the desktop app, the host's dialog asks. */
  const askExport = useCallback(
    (kind: DataExportKind) => {
      if (browser) {
        setProblem(null);
        setNaming(kind);
      } else startExport(kind);
    },
    [browser, startExport],
  );

  const preview = useCallback(
    (run: () => Promise<{ preview: RestorePreview | null }>) => {
      setProblem(null);
      data.clear('restore');
      run().then(
        (r) => setRestore(r.preview ? { step: 'preview', preview: r.preview } : { step: 'idle' }),
        (err: unknown) => {
          setRestore({ step: 'idle' });
          setProblem({ where: 'backup', text: plainError(err) });
        },
      );
    },
    [data],
  );

  const askRestore = useCallback(() => {
    if (browser) backupPicker.current?.click();
    else preview(() => host.request('data.restorePreview', {}));
  }, [browser, host, preview]);

  const restoreFile = (file: File): void => {
    setRestore({ step: 'reading', sent: 0, total: file.size });
    preview(async () => {
      const uploadId = await uploadBackup(host, file, (sent, total) => setRestore({ step: 'reading', sent, total }));
      return host.request('data.restorePreview', { uploadId, name: file.name });
    });
  };

  const merge = (p: RestorePreview): void => {
    setRestore({ step: 'starting', preview: p });
    host.request('data.restore', { previewId: p.previewId }).then(
      (r) => {
        setRestore({ step: 'idle' });
        data.started('restore', r.jobId, p.file);
      },
      (err: unknown) => {
        setRestore({ step: 'idle' });
        setProblem({ where: 'backup', text: plainError(err) });
      },
    );
  };
  const dontRestore = (p: RestorePreview): void => {
    setRestore({ step: 'idle' });
    host.request('data.discard', { previewId: p.previewId }).catch(() => undefined);
  };

  // File menu commands (useAppCommands → pendingAction): run once the host said how files are picked.
  const run = useCallback(
    (action: DataAction) => {
      switch (action) {
        case 'importContacts':
          // A file chooser needs a click in the page in some browsers: the button is focused too.
          document.getElementById(`${id}-contacts`)?.focus();
          contactsPicker.current?.click();
          return;
        case 'exportVault':
          return askExport('vault');
        case 'exportCalendar':
          return askExport('calendar');
        case 'backup':
          return askExport('backup');
        case 'restore':
          document.getElementById(`${id}-restore`)?.focus();
          return askRestore();
      }
    },
    [askExport, askRestore, id],
  );
  const ready = data.status !== null;
  useEffect(() => {
    if (!ready) return;
    const take = (): void => {
      const action = takeDataAction();
      if (action) run(action);
    };
    take();
    return onDataAction(take);
  }, [ready, run]);
  useEffect(() => {
    if (naming) nameInput.current?.focus();
  }, [naming]);

  const exportButton = (kind: DataExportKind): JSX.Element => (
    <button type="button" onClick={() => askExport(kind)} disabled={!ready || running(kind)} aria-expanded={browser ? naming === kind : undefined}>
      {EXPORT_LABELS[kind]}
    </button>
  );
  const nameForm = (kinds: DataExportKind[]): JSX.Element | null =>
    naming && kinds.includes(naming) && data.status ? (
      <NameForm
        key={naming}
        kind={naming}
        status={data.status}
        initial={defaultName(naming, now())}
        inputRef={nameInput}
        onSubmit={(name) => startExport(naming, name)}
        onCancel={() => setNaming(null)}
      />
    ) : null;
  const problemFor = (where: 'export' | 'backup' | 'contacts'): JSX.Element | null =>
    problem?.where === where ? (
      <p className="settings-problem" role="alert">
        {problem.text}
      </p>
    ) : null;

  return (
    <section className="page settings data-page" aria-labelledby="page-title">
      <header className="page-header">
        <p className="muted">
          <a href={routeHref({ name: 'settings' })}>Settings</a> ›
        </p>
        <h1 id="page-title">Your data</h1>
        <p className="muted">Take your journal with you, keep copies of it, and bring a copy back. Everything stays on this computer.</p>
      </header>
      {data.error && (
        <p className="settings-problem" role="alert">
          Exports and backups aren’t available right now. {plainError(data.error)}
        </p>
      )}
      {browser && data.status?.exportsFolder && (
        <p className="settings-note">
          In the browser, Kindred saves into one folder on this computer: <code>{data.status.exportsFolder}</code>
        </p>
      )}

      <section className="settings-section" aria-labelledby={`${id}-export`}>
        <h2 id={`${id}-export`}>Export</h2>
        <p>A Markdown vault (a folder of notes Obsidian and other apps open) or a calendar of birthdays and check-ins.</p>
        <div className="settings-actions">
          {exportButton('vault')}
          {exportButton('calendar')}
        </div>
        {nameForm(['vault', 'calendar'])}
        {problemFor('export')}
        <JobPanel job={data.jobs.vault} host={host} />
        <JobPanel job={data.jobs.calendar} host={host} />
      </section>

      <section className="settings-section" aria-labelledby={`${id}-backup`}>
        <h2 id={`${id}-backup`}>Back up and restore</h2>
        <p>A backup is one file with your whole journal. Restoring merges it into the journal you have now.</p>
        <div className="settings-actions">
          {exportButton('backup')}
          <button type="button" id={`${id}-restore`} onClick={askRestore} disabled={!ready || running('restore') || restore.step !== 'idle'}>
            Restore from a backup…
          </button>
          <input
            ref={backupPicker}
            type="file"
            accept=".kindred-backup"
            hidden
            aria-label="Backup file to restore"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = ''; // the same file can be chosen again
              if (file) restoreFile(file);
            }}
          />
        </div>
        {nameForm(['backup'])}
        {problemFor('backup')}
        {restore.step === 'reading' && (
          <p role="status" className="data-status">
            Reading the backup… {Math.round((restore.sent / Math.max(1, restore.total)) * 100)}%
          </p>
        )}
        {(restore.step === 'preview' || restore.step === 'starting') && (
          <div className="data-confirm" role="group" aria-labelledby={`${id}-confirm`}>
            <p className="data-file">
              <strong>{restore.preview.file}</strong>
              <br />
              {previewText(restore.preview)}
            </p>
            <p id={`${id}-confirm`}>{MERGE_QUESTION}</p>
            <p className="muted">{MERGE_CANCEL_NOTE}</p>
            <div className="settings-actions">
              <button type="button" className="primary" onClick={() => merge(restore.preview)} disabled={restore.step === 'starting'}>
                Merge into my journal
              </button>
              <button type="button" onClick={() => dontRestore(restore.preview)} disabled={restore.step === 'starting'}>
                Don’t restore
              </button>
            </div>
          </div>
        )}
        <JobPanel job={data.jobs.backup} host={host} />
        <JobPanel job={data.jobs.restore} host={host} />
      </section>

      <section className="settings-section" aria-labelledby={`${id}-contacts-h`}>
        <h2 id={`${id}-contacts-h`}>Import contacts</h2>
        <p>Add people from .vcf files exported from Contacts, Google, Outlook or your phone. You see what changes before anything does.</p>
        <div className="settings-actions">
          <button type="button" id={`${id}-contacts`} onClick={() => contactsPicker.current?.click()}>
            Import contacts…
          </button>
          <input
            ref={contactsPicker}
            type="file"
            accept=".vcf,.vcard,text/vcard,text/x-vcard"
            multiple
            hidden
            aria-label="Contacts files to import"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length > 0) setImporting(files);
            }}
          />
        </div>
      </section>

      <AutoBackupSection />
      {importing && <ImportContactsDialog files={importing} onClose={() => setImporting(null)} />}
    </section>
  );
}

function NameForm(props: {
  kind: DataExportKind;
  status: DataStatus;
  initial: string;
  inputRef: RefObject<HTMLInputElement | null>;
  onSubmit(name: string): void;
  onCancel(): void;
}): JSX.Element {
  const id = useId();
  const [name, setName] = useState(props.initial);
  const what = props.kind === 'vault' ? 'folder' : 'file';
  return (
    <form
      className="data-name"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(name);
      }}
    >
      <label htmlFor={`${id}-name`}>Name of the {what}</label>
      <input
        id={`${id}-name`}
        ref={props.inputRef}
        value={name}
        maxLength={120}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onCancel();
        }}
        aria-describedby={`${id}-where`}
      />
      <p id={`${id}-where`} className="muted">
        Saved in {props.status.exportsFolder ?? 'the exports folder'}
        {props.kind === 'calendar' ? ' (.ics is added)' : props.kind === 'backup' ? ' (.kindred-backup is added)' : ''}.
      </p>
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={!name.trim()}>
          {props.kind === 'backup' ? 'Back up' : 'Export'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
