import { useEffect, useRef, useState, type InputHTMLAttributes, type JSX } from 'react';
import { useCutNote } from './useCutNote';

/**
 * A text input whose value lives in a Yjs doc. It keeps its own state while focused (so the
 * caret never jumps when the doc echoes the change back a tick later) and follows the doc
 * otherwise (e.g. when another device renames someone). With `maxLength`, a paste that does
 * not fit is cut by the browser and the user is told so.
 */
export function SyncedInput({
  value,
  onCommit,
  validate,
  ...rest
}: {
  value: string;
  onCommit(value: string): void;
  /** Returns an error message, or null if the value may be saved. */
  validate?: (value: string) => string | null;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>): JSX.Element {
  const [local, setLocal] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setLocal(value);
  }, [value]);
  const errorId = rest.id ? `${rest.id}-error` : undefined;
  const cut = useCutNote(rest.maxLength ?? Number.POSITIVE_INFINITY);
  return (
    <>
      <input
        {...rest}
        value={local}
        aria-invalid={error !== null}
        aria-describedby={error && errorId ? errorId : undefined}
        onFocus={(e) => {
          focused.current = true;
          rest.onFocus?.(e);
        }}
        onPaste={(e) => {
          if (rest.maxLength !== undefined) cut.onPaste(e);
          rest.onPaste?.(e);
        }}
        onBlur={(e) => {
          focused.current = false;
          setError(null);
          setLocal(value);
          rest.onBlur?.(e);
        }}
        onChange={(e) => {
          const next = e.target.value;
          setLocal(next);
          cut.onValue(next);
          const problem = validate?.(next) ?? null;
          setError(problem);
          if (problem === null) onCommit(next);
        }}
      />
      {cut.note}
      {error && (
        <span className="inline-error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </>
  );
}
