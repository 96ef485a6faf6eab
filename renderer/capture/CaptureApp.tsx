import type { LexicalEditor } from 'lexical';
import { useCallback, useEffect, useRef, useState, type JSX } from 'react';
import type { HostClient } from '../../shared/host/contract';
import type { CaptureDraft, CaptureMode } from '../../shared/host/slices/capture';
import { CaptureEditor } from './CaptureEditor';
import type { DraftKeeper } from './draftKeeper';
import { CaptureNotSavedError, EmptyCaptureError, captureIsEmpty, saveCapture, type CaptureTarget } from './saveCapture';

/**
 * The quick-capture page: one editor, the "Add to today's journal" toggle, Save, and a line that
 * says what happened. Ctrl/Cmd+Enter saves; Esc keeps the draft and asks the host to hide the
 * window. "Saved" is said only once the store has acknowledged every update of the capture;
 * until then the draft stays, here and on the host's disk.
 */
export interface CaptureAppProps {
  host: HostClient;
  target: CaptureTarget & {
    /** Resolves once every update this window made is acknowledged (a retry after a failure). */
    settle(): Promise<void>;
  };
  now(): Date;
  createPerson(name: string): string;
  keeper: DraftKeeper;
  initialDraft: CaptureDraft | null;
  /** Said once at start (e.g. the kept draft could not be read). */
  startupNote: string | null;
  /** Where the keeper's write failures are told (main.tsx passes these into createDraftKeeper). */
  draftEvents: DraftEvents;
}

/** Filled in by the page: the draft keeper reports through it. */
export interface DraftEvents {
  onError?(error: unknown): void;
  onRecovered?(): void;
}

/** `draft`: the draft could not be written to the host's disk (cleared once a write works again). */
type Status = { kind: 'idle' | 'saving' | 'saved' | 'kept' | 'problem' | 'draft'; text: string };

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const SAVE_KEYS = isMac ? '⌘+Enter' : 'Ctrl+Enter';

export function CaptureApp(props: CaptureAppProps): JSX.Element {
  const { host, keeper } = props;
  const editorRef = useRef<LexicalEditor | null>(null);
  const [mode, setMode] = useState<CaptureMode>(props.initialDraft?.mode ?? 'note');
  const [resetKey, setResetKey] = useState(0);
  const [initialState, setInitialState] = useState<string | null>(props.initialDraft?.editorState ?? null);
  const [status, setStatus] = useState<Status>({ kind: props.startupNote ? 'problem' : 'idle', text: props.startupNote ?? '' });
  const saving = useRef(false);
  /** A save whose updates are written but not yet acknowledged: retrying waits for them, never writes twice. */
  const written = useRef<{ key: string } | null>(null);
  const modeRef = useRef(mode);
  modeRef.current = mode;

  const currentState = (): string => JSON.stringify(editorRef.current?.getEditorState().toJSON() ?? { root: null });

  const focusEditor = useCallback(() => {
    editorRef.current?.focus(undefined, { defaultSelection: 'rootEnd' });
  }, []);

  const onEditor = useCallback(
    (editor: LexicalEditor | null) => {
      editorRef.current = editor;
      if (editor) focusEditor();
    },
    [focusEditor],
  );

  const save = useCallback(async () => {
    if (saving.current) return;
    const editorState = currentState();
    const chosen = modeRef.current;
    if (captureIsEmpty(editorState)) {
      setStatus({ kind: 'problem', text: 'There is nothing to save yet: type something first.' });
      focusEditor();
      return;
    }
    saving.current = true;
    setStatus({ kind: 'saving', text: 'Saving…' });
    const key = `${chosen}\n${editorState}`;
    try {
      if (written.current?.key === key) await props.target.settle();
      else await saveCapture(props.target, { editorState, mode: chosen }, props.now());
      written.current = null;
      await keeper.clear().catch(() => undefined); // a stale draft file is harmless: the capture is saved
      // A fresh start: empty, and back to the default (a conversation note), as after a restart.
      setInitialState(null);
      setMode('note');
      modeRef.current = 'note';
      setResetKey((k) => k + 1);
      setStatus({
        kind: 'saved',
        text: chosen === 'today' ? 'Saved: added to today’s journal.' : 'Saved as a conversation note.',
      });
      void host.request('capture.hide', {}).catch(() => undefined);
    } catch (err) {
      if (err instanceof EmptyCaptureError) {
        setStatus({ kind: 'problem', text: err.message });
      } else {
        if (err instanceof CaptureNotSavedError && err.written) written.current = { key };
        const reason = err instanceof Error ? err.message : String(err);
        setStatus({
          kind: 'problem',
          text:
            `Not saved yet: ${reason} Your capture is still here and kept as a draft` +
            (written.current ? '; Kindred keeps trying, and Save checks again.' : '; press Save to try again.'),
        });
      }
    } finally {
      saving.current = false;
    }
  }, [host, keeper, props, focusEditor]);

  const hide = useCallback(async () => {
    let kept = true;
    try {
      await keeper.flush();
    } catch {
      kept = false;
    }
    const answer = await host.request('capture.hide', {}).catch(() => ({ hidden: false }));
    if (!answer.hidden) {
      setStatus(
        kept
          ? { kind: 'kept', text: 'Your draft is kept. It will be here when you come back.' }
          : { kind: 'problem', text: 'Your draft could not be kept on disk right now; it is still here. Leave this window open.' },
      );
    }
  }, [host, keeper]);

  // Ctrl/Cmd+Enter anywhere on the page saves; Esc hides — unless the mention list is open (Esc closes it).
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        event.stopPropagation();
        void save();
      } else if (event.key === 'Escape' && !event.defaultPrevented && !document.querySelector('.typeahead')) {
        event.preventDefault();
        void hide();
      }
    };
    const onEnterCapture = (event: KeyboardEvent): void => {
      // Before the editor sees it: Ctrl+Enter must not also insert a new paragraph.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) onKey(event);
    };
    window.addEventListener('keydown', onEnterCapture, true);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onEnterCapture, true);
      window.removeEventListener('keydown', onKey);
    };
  }, [save, hide]);

  // A draft that cannot reach the host's disk is still in the editor: say so quietly, once.
  useEffect(() => {
    props.draftEvents.onError = (err) =>
      setStatus((s) =>
        s.kind === 'saving' || s.kind === 'problem'
          ? s
          : { kind: 'draft', text: `Your draft could not be kept on disk (${err instanceof Error ? err.message : String(err)}); it is still here.` },
      );
    props.draftEvents.onRecovered = () => setStatus((s) => (s.kind === 'draft' ? { kind: 'idle', text: '' } : s));
    return () => {
      props.draftEvents.onError = undefined;
      props.draftEvents.onRecovered = undefined;
    };
  }, [props.draftEvents]);

  // Shown again by the host (hotkey, tray, menu): ready to type.
  useEffect(() => host.subscribe('capture.shown', () => focusEditor()), [host, focusEditor]);

  const onChange = useCallback(
    (editorState: string) => {
      keeper.change(editorState, modeRef.current);
      setStatus((s) => (s.kind === 'saved' || s.kind === 'kept' ? { kind: 'idle', text: '' } : s));
    },
    [keeper],
  );

  const onToggle = (today: boolean): void => {
    const next: CaptureMode = today ? 'today' : 'note';
    setMode(next);
    modeRef.current = next;
    keeper.change(currentState(), next);
  };

  return (
    <main className="capture" aria-labelledby="capture-title">
      <h1 id="capture-title" className="capture-title">
        Quick capture
      </h1>
      <CaptureEditor
        key={resetKey}
        initialState={initialState}
        label="Capture"
        placeholder="What happened? Type @ to mention someone."
        describedBy="capture-hint"
        onChange={onChange}
        onCreatePerson={props.createPerson}
        onEditor={onEditor}
      />
      <div className="capture-bar">
        <label className="capture-toggle">
          <input type="checkbox" checked={mode === 'today'} onChange={(e) => onToggle(e.target.checked)} />
          Add to today’s journal
        </label>
        <p id="capture-hint" className="capture-hint">
          {SAVE_KEYS} to save · Esc to close — your draft is kept
        </p>
        <button type="button" className="primary" onClick={() => void save()}>
          Save
        </button>
      </div>
      <p className={`capture-status ${status.kind}`} role={status.kind === 'problem' || status.kind === 'draft' ? 'alert' : 'status'} data-state={status.kind}>
        {status.text}
      </p>
    </main>
  );
}
