import { useCallback, useEffect, useRef, useState, type JSX } from 'react';
import { isEditableTarget } from '../../ui/shortcuts';

/**
 * Reach out's status line: what the last action did ("Marked done for Sam."), read out politely,
 * with an Undo button for about 10 seconds or until the next action replaces the message.
 * Ctrl/Cmd+Z on the page (outside a text field) does the same as the button.
 */
export const UNDO_MS = 10_000;

/** What an action reports: its message, and how to take it back (when it can be). */
/** `undo` may answer what it restored ("Sam’s check-in is back."). */
export type Undo = () => string | void | Promise<string | void>;
export type Announce = (message: string, undo?: Undo) => void;

interface Shown {
  message: string;
  undo: Undo | null;
  serial: number;
}

export function useUndoStatus(): { announce: Announce; status: JSX.Element } {
  const [shown, setShown] = useState<Shown>({ message: '', undo: null, serial: 0 });
  const serial = useRef(0);
  const announce = useCallback<Announce>((message, undo) => setShown({ message, undo: undo ?? null, serial: ++serial.current }), []);

  // The Undo offer expires; the message stays until the next one.
  useEffect(() => {
    if (!shown.undo) return;
    const timer = setTimeout(() => setShown((s) => (s.serial === shown.serial ? { ...s, undo: null } : s)), UNDO_MS);
    return () => clearTimeout(timer);
  }, [shown]);

  const runUndo = useCallback(() => {
    const undo = shown.undo;
    if (!undo) return;
    const mine = ++serial.current;
    setShown({ message: 'Undoing…', undo: null, serial: mine });
    Promise.resolve()
      .then(undo)
      .then((said) => setShown((s) => (s.serial === mine ? { message: said || 'Undone.', undo: null, serial: mine } : s)))
      .catch((err: unknown) =>
        setShown((s) => (s.serial === mine ? { message: `Couldn’t undo: ${err instanceof Error ? err.message : String(err)}`, undo: null, serial: mine } : s)),
      );
  }, [shown]);

  useEffect(() => {
    if (!shown.undo) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key.toLowerCase() !== 'z' || e.shiftKey || e.altKey || !(e.ctrlKey || e.metaKey) || isEditableTarget(e.target)) return;
      e.preventDefault();
      runUndo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shown, runUndo]);

  const status = (
    <div className="reach-status" role="status">
      {shown.message && <span>{shown.message}</span>}
      {shown.undo && (
        <>
          {' '}
          <button type="button" className="link-button reach-undo" onClick={runUndo}>
            Undo
          </button>
        </>
      )}
    </div>
  );
  return { announce, status };
}
