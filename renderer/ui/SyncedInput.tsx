import { useEffect, useRef, useState, type InputHTMLAttributes, type JSX } from 'react';

/**
 * A text input whose value lives in a Yjs doc. It keeps its own state while focused (so the
 * caret never jumps when the doc echoes the change back a tick later) and follows the doc
 * otherwise (e.g. when another device renames someone).
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
        onBlur={(e) => {
          focused.current = false;
          setError(null);
          setLocal(value);
          rest.onBlur?.(e);
        }}
        onChange={(e) => {
          const next = e.target.value;
          setLocal(next);
          const problem = validate?.(next) ?? null;
          setError(problem);
          if (problem === null) onCommit(next);
        }}
      />
      {error && (
        <span className="inline-error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </>
  );
}
