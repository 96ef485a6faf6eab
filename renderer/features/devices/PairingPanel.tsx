import { useEffect, useId, useRef, useState, type JSX, type Ref } from 'react';
import type { PairingView } from '../../../shared/host/slices/sync';
import { shortcut } from '../../ui/shortcuts';
import { InviteQrCode } from './InviteQrCode';
import { isActivePairing, isEndedPairing, pairingMessage } from './syncModel';
import { countdownText } from './syncText';

/**
 * "Pair a new device": the invite this device shows (text to copy, a QR code, the short code to
 * type), how long it lasts, and what happened to it. The state line is a live region, so "Paired
 * with Laptop (K7QM-2XPA)" or "This invite has expired" is read out as it happens.
 */
export function PairingPanel({
  pairing,
  now,
  creating,
  error,
  cancelling,
  headingRef,
  onCancel,
  onNew,
  onClose,
}: {
  /** The invite as of `now` (null while it is being made, or when making it failed). */
  pairing: PairingView | null;
  now: number;
  creating: boolean;
  error: string | null;
  cancelling: boolean;
  headingRef: Ref<HTMLHeadingElement>;
  onCancel(): void;
  onNew(): void;
  onClose(): void;
}): JSX.Element {
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState('');
  useEffect(() => {
    if (!copied) return;
    // Cleared after a while, so copying again is announced again.
    const timer = setTimeout(() => setCopied(''), 4000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = (invite: string): void => {
    setCopied('');
    const fallback = (): void => {
      field.current?.focus();
      field.current?.select();
      setCopied(`Couldn’t copy by itself. The invite is selected: press ${shortcut('Ctrl+C')} to copy it.`);
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(invite).then(() => setCopied('Copied'), fallback);
  };

  const active = pairing !== null && isActivePairing(pairing.state);
  const ended = pairing !== null && isEndedPairing(pairing.state);
  const paired = pairing?.state === 'paired';
  const stateLine = creating ? 'Making an invite…' : pairing ? pairingMessage(pairing) : '';

  return (
    <section className="devices-section pairing-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        Pair a new device
      </h2>
      <p className={paired ? 'pairing-state paired' : 'pairing-state'} role="status" data-state={pairing?.state ?? (creating ? 'creating' : 'none')}>
        {stateLine}
      </p>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {pairing && active && (
        <>
          <ol className="pairing-steps">
            <li>On your other device, open Kindred and go to Devices.</li>
            <li>Choose “Join with an invite”, then paste this invite or scan the QR code.</li>
          </ol>
          <div className="invite-layout">
            <div className="invite-text">
              <label htmlFor={`${id}-invite`}>Invite for your other device</label>
              <textarea
                id={`${id}-invite`}
                ref={field}
                className="invite-field"
                readOnly
                rows={4}
                value={pairing.invite}
                spellCheck={false}
                onFocus={(e) => e.currentTarget.select()}
              />
              <div className="invite-copy">
                <button type="button" onClick={() => copy(pairing.invite)}>
                  Copy invite
                </button>
                <span className="muted small" role="status">
                  {copied}
                </span>
              </div>
              {pairing.shortCode && (
                <p className="short-code-line">
                  Or type this code on the other device: <strong className="short-code">{pairing.shortCode}</strong>
                </p>
              )}
              <p className="pairing-countdown" role="timer">
                {countdownText(pairing.expiresAt, now)}
              </p>
            </div>
            <InviteQrCode invite={pairing.invite} />
          </div>
          <p className="muted small">Anyone with this invite can pair with your journal until it expires. Only show it to your own devices.</p>
        </>
      )}
      <div className="devices-actions">
        {(active || creating) && (
          <button type="button" onClick={onCancel} aria-disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        {(ended || (error !== null && !creating && !active)) && (
          <button type="button" className="primary" onClick={onNew}>
            Make a new invite
          </button>
        )}
        {(ended || (error !== null && !creating && !active)) && (
          <button type="button" onClick={onClose}>
            Close
          </button>
        )}
        {paired && (
          <button type="button" className="primary" onClick={onClose}>
            Done
          </button>
        )}
      </div>
    </section>
  );
}
