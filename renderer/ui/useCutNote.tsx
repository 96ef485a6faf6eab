import { useState, type ClipboardEvent, type JSX } from 'react';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * `maxLength` drops whatever a paste does not fit, silently. This tells the user, politely, in
 * a status line next to the field: attach `onPaste` and `onValue` to the field and render `note`.
 */
export function useCutNote(max: number): {
  onPaste(e: ClipboardEvent<TextField>): void;
  /** Call with each new value: the note goes once there is room again. */
  onValue(value: string): void;
  note: JSX.Element | null;
} {
  const [cut, setCut] = useState(false);
  return {
    onPaste(e) {
      const el = e.currentTarget;
      const pasted = e.clipboardData.getData('text/plain');
      const selected = (el.selectionEnd ?? el.value.length) - (el.selectionStart ?? el.value.length);
      const room = max - (el.value.length - selected);
      setCut(pasted.length > room);
    },
    onValue(value) {
      if (cut && value.length < max) setCut(false);
    },
    note: cut ? (
      <span className="field-note" role="status">
        The pasted text was cut to fit: this field holds up to {max.toLocaleString()} characters.
      </span>
    ) : null,
  };
}
