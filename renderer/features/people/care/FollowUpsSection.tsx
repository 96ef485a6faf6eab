import { useEffect, useId, useState, type JSX } from 'react';
import { type FollowUp } from '../../../../shared/care';
import { daysBetween, formatShortDate } from '../../../../shared/domain/dates';
import { setFollowUpChecked, setFollowUpDueByHand } from '../../../care/careActions';
import { pageHref } from '../../../router/routes';
import { today } from '../../../state/actions';
import { useServices, useWorkspace } from '../../../state/AppServices';
import { dueText, openFollowUpsFor } from './personCare';
import { messageOf, useCareWrite } from './useCareWrite';

/**
 * Open follow-ups with this person: checklist items that mention them, until ticked. Ticking
 * one here ticks the box in the note itself.
 */
export function FollowUpsSection({ personId, name }: { personId: string; name: string }): JSX.Element {
  const services = useServices();
  const snapshot = useWorkspace();
  const day = today(services);
  const open = openFollowUpsFor(snapshot, personId, day);
  const [ticked, setTicked] = useState<Ticked | null>(null);
  // Ticked here, waiting for the note (and then the list) to catch up.
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const { error, setError } = useCareWrite();
  const openKeys = open.map((f) => f.key).join('\n');
  useEffect(() => {
    // Once an item has left the list, forget it was pending (unticked in the note, it comes back fresh).
    const still = new Set(openKeys.split('\n'));
    setPending((prev) => ([...prev].every((k) => still.has(k)) ? prev : new Set([...prev].filter((k) => still.has(k)))));
  }, [openKeys]);

  const mark = (key: string, on: boolean): void =>
    setPending((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const tick = (f: Ticked, checked: boolean): void => {
    setError(null);
    if (checked) mark(f.key, true);
    setFollowUpChecked(services, f.pageId, f.key, checked)
      .then((found) => {
        if (!found) {
          mark(f.key, false);
          setError(`Couldn’t find “${f.text}” in its note any more — it may have just changed.`);
        } else {
          if (!checked) mark(f.key, false);
          setTicked(checked ? f : null);
        }
      })
      .catch((e: unknown) => {
        mark(f.key, false);
        setError(`Couldn’t update the note: ${messageOf(e)}`);
      });
  };

  const who = name || 'them';
  return (
    <section className="care-section follow-ups" aria-labelledby="follow-ups-title">
      <h2 id="follow-ups-title">
        Follow-ups <span className="count">{open.length > 0 ? open.length : ''}</span>
      </h2>
      {open.length === 0 ? (
        <p className="empty">
          Nothing open. A checklist item that mentions {who} — “[ ] send @{who} the recipe next Tuesday” — becomes a
          follow-up here.
        </p>
      ) : (
        <ul className="care-follow-ups">
          {open.map((f) => (
            <FollowUpRow
              key={f.key}
              followUp={f}
              today={day}
              handSet={snapshot.followUpOverrides[f.key]?.due !== undefined}
              busy={pending.has(f.key)}
              onTick={() => tick(f, true)}
              onDue={(due) => {
                setError(null);
                setFollowUpDueByHand(services, f.pageId, f.key, due).catch((e: unknown) => setError(messageOf(e)));
              }}
            />
          ))}
        </ul>
      )}
      <div role="status" className="care-status">
        {ticked && (
          <>
            Ticked off “{ticked.text}” in the note.{' '}
            <button type="button" className="care-quiet" onClick={() => tick(ticked, false)}>
              Undo
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

interface Ticked {
  key: string;
  pageId: string;
  text: string;
}

function FollowUpRow({
  followUp: f,
  today,
  handSet,
  busy,
  onTick,
  onDue,
}: {
  followUp: FollowUp;
  today: string;
  handSet: boolean;
  busy: boolean;
  onTick(): void;
  onDue(due: string | null | undefined): void;
}): JSX.Element {
  const id = useId();
  const { pages } = useWorkspace();
  const page = pages.get(f.pageId);
  const overdue = f.due !== null && daysBetween(f.due, today) > 0;
  return (
    <li className="care-follow-up">
      <input
        id={`${id}-check`}
        type="checkbox"
        checked={busy}
        disabled={busy}
        onChange={onTick}
      />
      <div className="care-follow-up-body">
        <label htmlFor={`${id}-check`} className="care-follow-up-text">
          {f.text}
        </label>
        <div className="care-follow-up-meta">
          <span className={overdue ? 'care-due overdue' : 'care-due'}>{dueText(f.due, today)}</span>
          <input
            type="date"
            aria-label={`Due date for ${f.text}`}
            value={f.due ?? ''}
            onChange={(e) => onDue(e.target.value || null)}
          />
          {handSet && (
            <button type="button" className="care-quiet" aria-label={`Use the date in the note for ${f.text}`} onClick={() => onDue(undefined)}>
              Use the date in the note
            </button>
          )}
          {page && (
            <a href={pageHref(page)}>
              {page.kind === 'journal' ? 'Journal' : 'Note'}, {formatShortDate(page.date)}
            </a>
          )}
        </div>
      </div>
    </li>
  );
}
