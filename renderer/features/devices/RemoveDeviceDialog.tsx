import { useEffect, useId, useRef, useState, type JSX } from 'react';
import type { PeerDeviceView, SyncStatusView } from '../../../shared/host/slices/sync';
import { useServices } from '../../state/AppServices';
import { plainError, removeQuestion } from './syncText';

/**
 * "Remove Laptop?" — a modal <dialog> (role alertdialog: it asks before something that can't be
 * undone). The page behind is inert, so focus stays inside; Escape cancels; "Cancel" has focus
 * first, so Enter never removes by accident. Focus goes back to the button that opened it, or to
 * `fallbackFocus` when that button is gone (its row left with the device).
 */
export function RemoveDeviceDialog({
  device,
  fallbackFocus,
  onRemoved,
  onClose,
}: {
  device: Pick<PeerDeviceView, 'deviceId' | 'name'>;
  fallbackFocus(): void;
  onRemoved(view: SyncStatusView): void;
  onClose(): void;
}): JSX.Element {
  const { host } = useServices();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const question = removeQuestion(device.name);
  const fallback = useRef(fallbackFocus);
  fallback.current = fallbackFocus;

  useEffect(() => {
    const back = document.activeElement;
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    cancelButton.current?.focus();
    // Unmounting takes the dialog out of the top layer; no close() here (under StrictMode's
    // remount it would shut the dialog just opened).
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
      else fallback.current();
    };
    // Opened once per mount.
  }, []);

  const remove = (): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    host
      .request('sync.device.remove', { deviceId: device.deviceId })
      .then((view) => {
        onRemoved(view);
        onClose();
      })
      .catch((err: unknown) => {
        setBusy(false);
        setError(`Couldn’t remove ${device.name}: ${plainError(err)}`);
      });
  };

  return (
    <dialog
      ref={dialog}
      className="dialog devices-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-detail`}
      onCancel={(e) => {
        e.preventDefault(); // Escape: React decides whether the dialog is shown
        if (!busy) onClose();
      }}
      // Chromium may close it without a cancel event (a second Escape with no click between).
      onClose={onClose}
    >
      <h2 id={`${id}-title`}>{question.title}</h2>
      <p id={`${id}-detail`}>{question.detail}</p>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="devices-dialog-actions">
        {/* aria-disabled, not disabled: a disabled button drops the focus it holds. */}
        <button ref={cancelButton} type="button" onClick={() => !busy && onClose()} aria-disabled={busy}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={remove} aria-disabled={busy}>
          {busy ? 'Removing…' : 'Remove device'}
        </button>
      </div>
    </dialog>
  );
}
