import { useEffect, useRef, useState, type JSX, type TextareaHTMLAttributes } from 'react';
import { useCutNote } from '../../../ui/useCutNote';

/**
 * A textarea whose value lives in the workspace doc (like SyncedInput): its own state while
 * focused, so the caret never jumps when the doc echoes a change back; the doc's otherwise.
 */
export function SyncedTextarea({
  value,
  onCommit,
  ...rest
}: { value: string; onCommit(value: string): void } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>): JSX.Element {
  const [local, setLocal] = useState(value);
  const focused = useRef(false);
  const cut = useCutNote(rest.maxLength ?? Number.POSITIVE_INFINITY);
  useEffect(() => {
    if (!focused.current) setLocal(value);
  }, [value]);
  return (
    <>
      <textarea
        {...rest}
        value={local}
        onFocus={(e) => {
          focused.current = true;
          rest.onFocus?.(e);
        }}
        onBlur={(e) => {
          focused.current = false;
          setLocal(value);
          rest.onBlur?.(e);
        }}
        onPaste={(e) => {
          if (rest.maxLength !== undefined) cut.onPaste(e);
          rest.onPaste?.(e);
        }}
        onChange={(e) => {
          setLocal(e.target.value);
          cut.onValue(e.target.value);
          onCommit(e.target.value);
        }}
      />
      {cut.note}
    </>
  );
}
