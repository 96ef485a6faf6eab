import { useEffect, useId, useRef, useState, type JSX } from 'react';
import { FIELD_LIMITS } from '../../../../shared/domain/fieldLimits';
import { introduce } from '../../../care/careActions';
import { useCutNote } from '../../../ui/useCutNote';
import { routeHref } from '../../../router/routes';
import { navigate } from '../../../router/useRoute';
import { useServices, useWorkspace } from '../../../state/AppServices';
import { introductionChoices } from './personCare';
import { messageOf } from './useCareWrite';

/**
 * "Introduce Maria to…": pick someone (people who share her interests first), say why they'd
 * enjoy each other, and a dated introduction note is written. A modal <dialog>: the page behind
 * is inert, Escape closes it, and focus goes back to the button that opened it.
 */
export function IntroduceDialog({
  personId,
  name,
  preselect,
  onClose,
}: {
  personId: string;
  name: string;
  preselect?: string;
  onClose(): void;
}): JSX.Element {
  const services = useServices();
  const snapshot = useWorkspace();
  const choices = introductionChoices(snapshot, personId);
  const shared = choices.filter((c) => c.note);
  const rest = choices.filter((c) => !c.note);
  const [other, setOther] = useState(preselect && choices.some((c) => c.id === preselect) ? preselect : (choices[0]?.id ?? ''));
  const [why, setWhy] = useState('');
  const cut = useCutNote(FIELD_LIMITS.introductionWhy);
  const [ask, setAsk] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const picker = useRef<HTMLSelectElement>(null);
  const reason = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => {
    const back = document.activeElement;
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    (preselect ? reason.current : picker.current)?.focus();
    // Unmounting removes the dialog from the page (and the top layer): no close() here, which
    // would fire `close` later and, under StrictMode's remount, shut the dialog just opened.
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, [preselect]);

  const create = (): void => {
    if (!other) return;
    setBusy(true);
    setError(null);
    introduce(services, { a: personId, b: other, why }, ask)
      .then((noteId) => {
        onClose();
        navigate(routeHref({ name: 'note', id: noteId }));
      })
      .catch((e: unknown) => {
        setBusy(false);
        setError(`Couldn’t write the introduction: ${messageOf(e)}`);
      });
  };

  const option = (c: (typeof choices)[number]): JSX.Element => (
    <option key={c.id} value={c.id}>
      {c.note ? `${c.name} — ${c.note.charAt(0).toLowerCase()}${c.note.slice(1)}` : c.name}
    </option>
  );

  return (
    <dialog
      ref={dialog}
      className="dialog care-dialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault(); // Escape: React owns whether the dialog is shown
        if (!busy) onClose();
      }}
      // Chromium may close it without a cancel event (a second Escape with no click between).
      onClose={onClose}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <h2 id={`${id}-title`}>Introduce {name || 'them'} to…</h2>
        {choices.length === 0 ? (
          <p className="empty">There’s no one else here yet. Mention someone with @ in a journal entry, then come back.</p>
        ) : (
          <>
            <label className="care-dialog-field">
              <span>Who</span>
              <select ref={picker} value={other} onChange={(e) => setOther(e.target.value)}>
                {shared.length > 0 ? (
                  <>
                    <optgroup label="Share an interest">{shared.map(option)}</optgroup>
                    {rest.length > 0 && <optgroup label="Everyone else">{rest.map(option)}</optgroup>}
                  </>
                ) : (
                  rest.map(option)
                )}
              </select>
            </label>
            <label className="care-dialog-field">
              <span>Why would they enjoy each other?</span>
              <textarea
                ref={reason}
                rows={3}
                value={why}
                maxLength={FIELD_LIMITS.introductionWhy}
                onPaste={cut.onPaste}
                placeholder="You both bake bread and can’t stop talking about old maps."
                onChange={(e) => {
                  setWhy(e.target.value);
                  cut.onValue(e.target.value);
                }}
              />
              {cut.note}
            </label>
            <label className="care-switch">
              <input type="checkbox" checked={ask} onChange={(e) => setAsk(e.target.checked)} />
              <span>Remind me to ask how it went in 2 weeks</span>
            </label>
          </>
        )}
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <div className="care-dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !other}>
            {busy ? 'Writing the note…' : 'Create introduction'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
