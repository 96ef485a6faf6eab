import { useEffect, useRef, type JSX, type RefObject } from 'react';
import { recorderInstruction, type RecorderState } from './recorderModel';
import { ShortcutKeys } from './ShortcutKeys';

/**
 * The key recorder's panel: what to do now (also read out by the section's live region), the
 * shortcut being tried, and the buttons each step offers. Keys themselves are taken by the
 * section (through keyCapture), so this only draws.
 */
export function ShortcutRecorder({
  state,
  panelRef,
  onSave,
  onAgain,
  onCancel,
}: {
  state: Exclude<RecorderState, { step: 'closed' }>;
  panelRef: RefObject<HTMLDivElement | null>;
  onSave(): void;
  onAgain(): void;
  onCancel(): void;
}): JSX.Element {
  const saveButton = useRef<HTMLButtonElement>(null);
  // "It works" usually comes while another app is in front: when the user is back, Enter saves.
  useEffect(() => {
    if (state.step === 'works') saveButton.current?.focus();
  }, [state.step]);

  const candidate = 'display' in state ? state.display : null;
  const problem = state.step === 'refused' || state.step === 'failed';
  return (
    <div
      ref={panelRef}
      className="shortcut-recorder"
      role="group"
      aria-labelledby="shortcut-recorder-title"
      tabIndex={-1}
      data-step={state.step}
    >
      <h3 id="shortcut-recorder-title">Change the shortcut</h3>
      {/* Read out by the live region below the section's buttons; shown here for everyone. */}
      <p className={problem ? 'shortcut-recorder-step problem' : 'shortcut-recorder-step'} aria-hidden="true">
        {recorderInstruction(state)}
      </p>
      {state.step === 'listening' && (
        <p className="shortcut-recorder-keys muted" aria-hidden="true">
          Waiting for keys…
        </p>
      )}
      {candidate && (
        <p className="shortcut-recorder-keys">
          New shortcut: <ShortcutKeys display={candidate} />
        </p>
      )}
      <div className="settings-actions">
        {(state.step === 'works' || state.step === 'failed' || state.step === 'saving') && (
          <button ref={saveButton} type="button" className="primary" onClick={onSave} disabled={state.step === 'saving'}>
            {state.step === 'saving' ? 'Saving…' : 'Save'}
          </button>
        )}
        {state.step === 'testing' && (
          <button type="button" onClick={onSave}>
            Save without checking
          </button>
        )}
        {(state.step === 'testing' || state.step === 'works' || state.step === 'refused' || state.step === 'failed') && (
          <button type="button" onClick={onAgain}>
            Try another shortcut
          </button>
        )}
        <button type="button" onClick={onCancel} disabled={state.step === 'saving'}>
          Cancel
        </button>
      </div>
    </div>
  );
}
