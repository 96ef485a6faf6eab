import { useEffect, useId, useRef, useState, type JSX, type Ref } from 'react';
import { useServices } from '../../state/AppServices';
import { checkInvite, pairedText, plainError } from './syncText';

type JoinState =
  | { kind: 'idle' }
  | { kind: 'joining' }
  | { kind: 'joined'; device: { name: string; fingerprint: string } }
  | { kind: 'failed'; error: string };

/**
 * "Join with an invite": paste the invite (or type the short code) another device shows. While
 * it connects the button is disabled and "Stop waiting" only stops this page from waiting (the
 * host gives up by itself when the invite expires). A failure keeps the text as typed.
 */
export function JoinForm({ headingRef, onClose }: { headingRef: Ref<HTMLHeadingElement>; onClose(): void }): JSX.Element {
  const { host } = useServices();
  const id = useId();
  const [code, setCode] = useState('');
  const [state, setState] = useState<JoinState>({ kind: 'idle' });
  // Each attempt has a number; an answer for an attempt the user stopped waiting for is ignored.
  const attempt = useRef(0);
  const field = useRef<HTMLTextAreaElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const joining = state.kind === 'joining';
  useEffect(() => {
    // The Join button is disabled while waiting: focus it held moves to "Stop waiting".
    const at = document.activeElement;
    if (joining && (at === null || at === document.body || (at instanceof HTMLButtonElement && at.disabled))) {
      stopButton.current?.focus();
    }
  }, [joining]);
  useEffect(
    () => () => {
      attempt.current += 1; // leaving the page stops waiting too
    },
    [],
  );

  const join = (): void => {
    if (state.kind === 'joining') return;
    const checked = checkInvite(code);
    if (!checked.ok) {
      setState({ kind: 'failed', error: checked.error });
      field.current?.focus();
      return;
    }
    const mine = ++attempt.current;
    setState({ kind: 'joining' });
    host
      .request('sync.pair.join', { code: checked.value })
      .then(({ device }) => {
        if (attempt.current !== mine) return;
        setState({ kind: 'joined', device });
        setCode('');
      })
      .catch((err: unknown) => {
        if (attempt.current !== mine) return;
        setState({ kind: 'failed', error: plainError(err) });
        field.current?.focus();
      });
  };

  const stopWaiting = (): void => {
    attempt.current += 1;
    setState({ kind: 'idle' });
    field.current?.focus();
  };

  const progress =
    state.kind === 'joining'
      ? 'Connecting to your other device…'
      : state.kind === 'joined'
        ? `${pairedText(state.device)}. Your journals are syncing now.`
        : '';

  return (
    <section className="devices-section join-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        Join with an invite
      </h2>
      <p className="muted">On your other device, choose “Pair a new device”. Then paste its invite here, or type the short code it shows.</p>
      <form
        className="join-form"
        onSubmit={(e) => {
          e.preventDefault();
          join();
        }}
      >
        <label htmlFor={`${id}-code`}>Invite or code from your other device</label>
        <textarea
          id={`${id}-code`}
          ref={field}
          className="invite-field"
          rows={3}
          value={code}
          spellCheck={false}
          autoComplete="off"
          readOnly={joining}
          aria-invalid={state.kind === 'failed'}
          aria-describedby={state.kind === 'failed' ? `${id}-error` : undefined}
          onChange={(e) => {
            setCode(e.target.value);
            if (state.kind === 'failed' || state.kind === 'joined') setState({ kind: 'idle' });
          }}
          onKeyDown={(e) => {
            // Invites are one line: Enter joins (Shift+Enter still makes a new line).
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              join();
            }
          }}
        />
        <p className="join-progress" role="status">
          {progress}
        </p>
        {state.kind === 'failed' && (
          <p id={`${id}-error`} className="inline-error" role="alert">
            {state.error}
          </p>
        )}
        <div className="devices-actions">
          <button type="submit" className="primary" disabled={joining}>
            Join
          </button>
          {joining ? (
            <button ref={stopButton} type="button" onClick={stopWaiting}>
              Stop waiting
            </button>
          ) : (
            <button type="button" onClick={onClose}>
              {state.kind === 'joined' ? 'Done' : 'Cancel'}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
