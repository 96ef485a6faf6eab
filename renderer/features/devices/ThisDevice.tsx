import { useEffect, useId, useRef, useState, type JSX } from 'react';
import { DEVICE_NAME_MAX } from '../../../shared/host/limits';
import type { SyncStatusView } from '../../../shared/host/slices/sync';
import { useServices } from '../../state/AppServices';
import { checkDeviceName, plainError } from './syncText';

/**
 * This device's name (edited in place: Enter or Save saves, Escape puts the saved name back) and
 * its fingerprint, to compare by eye with what the other device shows while pairing.
 */
export function ThisDevice({
  device,
  onSaved,
}: {
  device: SyncStatusView['thisDevice'];
  onSaved(view: SyncStatusView): void;
}): JSX.Element {
  const { host } = useServices();
  const id = useId();
  const [draft, setDraft] = useState(device.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  // The name the draft started from: a rename from elsewhere replaces the draft only if the user
  // has not started typing (nothing typed is ever lost).
  const base = useRef(device.name);
  useEffect(() => {
    if (draft === base.current) setDraft(device.name);
    base.current = device.name;
    // Only a new name from the host moves the draft (not each keystroke).
  }, [device.name]);

  const changed = draft.trim() !== device.name;

  const save = (): void => {
    if (busy) return;
    const checked = checkDeviceName(draft);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    if (checked.value === device.name) {
      setDraft(device.name);
      setError(null);
      return;
    }
    setBusy(true);
    setError(null);
    setSaved('');
    host
      .request('sync.device.rename', { name: checked.value })
      .then((view) => {
        base.current = checked.value;
        setDraft(checked.value);
        setSaved(`Saved. This device is now called ${checked.value}.`);
        onSaved(view);
      })
      .catch((err: unknown) => setError(`Couldn’t rename this device: ${plainError(err)}`))
      .finally(() => setBusy(false));
  };

  const cancel = (): void => {
    setDraft(device.name);
    setError(null);
  };

  return (
    <section className="devices-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>This device</h2>
      <form
        className="device-name-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor={`${id}-name`}>Name</label>
        <div className="device-name-row">
          <input
            id={`${id}-name`}
            type="text"
            value={draft}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-error ${id}-help` : `${id}-help`}
            onChange={(e) => {
              setDraft(e.target.value);
              setSaved('');
              if (error) setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && (changed || error)) {
                e.preventDefault();
                cancel();
              }
            }}
          />
          <button type="submit" className="primary" disabled={busy || !changed}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          {changed && (
            <button type="button" onClick={cancel} disabled={busy}>
              Keep the old name
            </button>
          )}
        </div>
        <p id={`${id}-help`} className="muted small">
          Your other devices see this name. At most {DEVICE_NAME_MAX} characters.
        </p>
        {error && (
          <p id={`${id}-error`} className="inline-error" role="alert">
            {error}
          </p>
        )}
        <p className="muted small device-saved" role="status">
          {saved}
        </p>
      </form>
      {device.fingerprint && (
        <div className="device-fingerprint">
          <span>Fingerprint</span> <code className="fingerprint">{device.fingerprint}</code>
          <p className="muted small">Compare this with what your other device shows.</p>
        </div>
      )}
    </section>
  );
}
