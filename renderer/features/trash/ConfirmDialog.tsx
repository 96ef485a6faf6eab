import { useEffect, useId, useRef, type JSX } from 'react';

/**
 * A modal question before a Trash action (role alertdialog). The page behind is inert, so focus
 * stays inside; Escape cancels; "Cancel" has focus first, so Enter never confirms by accident.
 * Focus goes back to what had it before (when that still exists).
 */
export function ConfirmDialog({
  title,
  detail,
  confirmLabel,
  error,
  busy = false,
  onConfirm,
  onClose,
}: {
  title: string;
  detail: string;
  confirmLabel: string;
  error?: string | null;
  busy?: boolean;
  onConfirm(): void;
  onClose(): void;
}): JSX.Element {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const back = document.activeElement;
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    cancel.current?.focus();
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
    // Opened once per mount.
  }, []);
  return (
    <dialog
      ref={dialog}
      className="dialog devices-dialog trash-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-detail`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      onClose={onClose}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-detail`}>{detail}</p>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="devices-dialog-actions">
        <button ref={cancel} type="button" onClick={() => !busy && onClose()} aria-disabled={busy}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => !busy && onConfirm()} aria-disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
