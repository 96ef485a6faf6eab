import { useCallback, useEffect, useReducer, useRef, useState, type JSX, type ReactNode } from 'react';
import { acceleratorFromKeyEvent, parseAccelerator } from '../../../shared/domain/accelerator';
import type { SettingsView } from '../../../shared/host/slices/settings';
import { useServices } from '../../state/AppServices';
import { plainError } from '../devices/syncText';
import { captureKeys } from './keyCapture';
import { CLOSED, recorderInstruction, recorderStep, type RecorderState } from './recorderModel';
import { ShortcutKeys } from './ShortcutKeys';
import { ShortcutRecorder } from './ShortcutRecorder';
import { spokenShortcut } from './settingsModel';

const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'AltGraph', 'Meta', 'OS', 'Super', 'Hyper', 'Fn']);
const CAPTURE_COMMAND = 'kindred --capture';

/** Shows "kindred --capture" inside a sentence as code. */
function withCommand(text: string): ReactNode {
  const parts = text.split(CAPTURE_COMMAND);
  return parts.flatMap((part, i) => (i === 0 ? [part] : [<code key={i}>{CAPTURE_COMMAND}</code>, part]));
}

/**
 * "Quick capture": the shortcut (shown as keys), the key recorder that changes it — press the new
 * keys, then press them once more from anywhere to prove the OS passes them on, then save — and
 * what to do when the OS refuses one or, on Wayland, cannot grab keys at all.
 */
export function QuickCaptureSection({
  view,
  onSaved,
  children,
}: {
  view: SettingsView;
  onSaved(view: unknown): void;
  /** More quick-capture settings, shown under the shortcut. */
  children?: ReactNode;
}): JSX.Element {
  const { host } = useServices();
  const [state, dispatch] = useReducer(recorderStep, CLOSED);
  const [saved, setSaved] = useState<{ shown: string; spoken: string } | null>(null);
  const stateRef = useRef<RecorderState>(state);
  stateRef.current = state;
  const engaged = useRef(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const focusChange = useRef(false);
  const panel = useRef<HTMLDivElement>(null);
  const platform = view.platform;

  /** The host lets go of the test and gives the saved shortcut back. */
  const release = useCallback((): void => {
    if (!engaged.current) return;
    engaged.current = false;
    host.request('settings.hotkey.test.stop', {}).catch(() => undefined);
    host.request('settings.hotkey.record', { active: false }).catch(() => undefined);
  }, [host]);
  useEffect(() => release, [release]);

  const engage = (): void => {
    if (engaged.current) return;
    engaged.current = true;
    // Let go of the saved shortcut while recording, so pressing the same keys reaches this page.
    host.request('settings.hotkey.record', { active: true }).catch(() => undefined);
  };

  const startTest = (accelerator: string): void => {
    host
      .request('settings.hotkey.test.start', { accelerator })
      .then((answer) => dispatch({ type: 'testAnswered', accelerator, state: answer.state, message: answer.message }))
      .catch((err: unknown) => dispatch({ type: 'testFailed', accelerator, message: plainError(err) }));
  };

  const open = (): void => {
    setSaved(null);
    engage();
    dispatch({ type: 'open' });
  };
  const tryShortcut = (accelerator: string, display: string): void => {
    setSaved(null);
    engage();
    dispatch({ type: 'try', accelerator, display });
    startTest(accelerator);
  };
  const close = (): void => {
    release();
    dispatch({ type: 'cancel' });
    focusChange.current = true;
  };
  const again = (): void => {
    host.request('settings.hotkey.test.stop', {}).catch(() => undefined);
    dispatch({ type: 'again' });
    panel.current?.focus();
  };
  const save = (): void => {
    const s = stateRef.current;
    if (!('accelerator' in s) || s.step === 'saving') return;
    const { accelerator, display } = s;
    dispatch({ type: 'save' });
    host
      .request('settings.update', { patch: { captureHotkey: accelerator } })
      .then((next) => {
        onSaved(next);
        release();
        dispatch({ type: 'saved' });
        setSaved({ shown: `Saved. ${display} now opens quick capture.`, spoken: `Saved. ${spokenShortcut(display)} now opens quick capture.` });
        focusChange.current = true;
      })
      .catch((err: unknown) => dispatch({ type: 'saveFailed', accelerator, message: plainError(err) }));
  };

  const isOpen = state.step !== 'closed';
  // Focus moves into the recorder when it opens, so keyboard and screen-reader users land there,
  // and back to "Change shortcut…" when it closes (that button is drawn again only then).
  useEffect(() => {
    if (isOpen) panel.current?.focus();
    else if (focusChange.current) changeButton.current?.focus();
    focusChange.current = false;
  }, [isOpen]);

  // While the recorder is open it takes key presses before the app's own shortcuts do.
  useEffect(() => {
    if (!isOpen) return;
    return captureKeys((e) => {
      const s = stateRef.current;
      // Only while the recorder has the focus (or nothing has): the quick switcher or the sidebar's
      // search, reached with the mouse meanwhile, keep their keys.
      const focused = document.activeElement;
      if (focused && focused !== document.body && !panel.current?.contains(focused)) return false;
      if (e.key === 'Escape') {
        if (s.step !== 'saving') close();
        return true;
      }
      if (s.step !== 'listening') return false;
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
      // Tab, Enter and Space stay with the page, so the recorder's buttons work from the keyboard.
      if (plain && (e.key === 'Tab' || ((e.key === 'Enter' || e.key === ' ') && !e.shiftKey))) return false;
      if (e.repeat || MODIFIER_KEYS.has(e.key)) return true;
      const result = acceleratorFromKeyEvent(e, platform);
      dispatch({ type: 'keys', result });
      if (result.ok) startTest(result.accelerator);
      return true;
    });
    // close/startTest read the latest state through refs.
  }, [isOpen, platform]);

  useEffect(
    () =>
      host.subscribe('settings.hotkeyTestPressed', (payload) => {
        if (payload && typeof payload.accelerator === 'string') dispatch({ type: 'pressed', accelerator: payload.accelerator });
      }),
    [host],
  );

  const hotkey = view.hotkey;
  const suggestions = hotkey.state === 'refused' ? usableSuggestions(hotkey.suggestions, platform) : [];
  const wayland = view.wayland;
  const showWaylandHelp = wayland !== null && wayland.active && !hotkey.message.includes(wayland.instructions);

  return (
    <section className="settings-section" aria-labelledby="settings-capture-heading">
      <h2 id="settings-capture-heading">Quick capture</h2>
      <p className="muted">Press the shortcut in any app to open a small window and write down what you want to remember.</p>
      <div className="shortcut-current" id="settings-shortcut-current">
        <span>Shortcut</span> <ShortcutKeys display={hotkey.display} />
        {hotkey.state === 'registered' && !hotkey.message && <span className="shortcut-state">Ready</span>}
      </div>
      {hotkey.message && (
        <p className={hotkey.state === 'refused' || hotkey.state === 'invalid' ? 'settings-problem' : 'settings-note'}>{withCommand(hotkey.message)}</p>
      )}
      {suggestions.length > 0 && !isOpen && (
        <div className="shortcut-suggestions">
          <p id="settings-suggestions-label">Try one of these instead:</p>
          <div className="settings-actions" role="group" aria-labelledby="settings-suggestions-label">
            {suggestions.map((s) => (
              <button key={s.accelerator} type="button" onClick={() => tryShortcut(s.accelerator, s.display)}>
                Use {s.display}
              </button>
            ))}
          </div>
        </div>
      )}
      {!isOpen && (
        <div className="settings-actions">
          <button ref={changeButton} type="button" onClick={open} aria-describedby="settings-shortcut-current">
            Change shortcut…
          </button>
        </div>
      )}
      {isOpen && <ShortcutRecorder state={state} panelRef={panel} onSave={save} onAgain={again} onCancel={close} />}
      <p className="visually-hidden" role="status" aria-live="polite">
        {isOpen ? recorderInstruction(state) : (saved?.spoken ?? '')}
      </p>
      {!isOpen && saved && (
        <p className="settings-saved" aria-hidden="true">
          {saved.shown}
        </p>
      )}
      {showWaylandHelp && <p className="settings-note">{withCommand(wayland.instructions)}</p>}
      {wayland !== null && !wayland.active && (
        <p className="muted small">
          You can also open quick capture with the command <code>{CAPTURE_COMMAND}</code>, for example from your desktop’s own keyboard
          shortcuts.
        </p>
      )}
      {children}
    </section>
  );
}

/** The host's suggestions that are shortcuts on this platform, with how to show them. */
function usableSuggestions(suggestions: string[], platform: string): Array<{ accelerator: string; display: string }> {
  const out: Array<{ accelerator: string; display: string }> = [];
  for (const s of suggestions) {
    const parsed = parseAccelerator(s, platform);
    if (parsed.ok && !out.some((o) => o.accelerator === parsed.accelerator)) out.push({ accelerator: parsed.accelerator, display: parsed.display });
  }
  return out;
}
