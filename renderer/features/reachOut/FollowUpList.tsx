import { Fragment, useState, type JSX } from 'react';
import { followUpOverrides, snoozeUntil, type ReachOutItem } from '../../../shared/care';
import { daysBetween } from '../../../shared/domain/dates';
import { restoreFollowUpOverrides, setFollowUpChecked, setFollowUpDueByHand } from '../../care/careActions';
import { pageHref, routeHref } from '../../router/routes';
import { useServices, useWorkspace } from '../../state/AppServices';
import { Name } from '../../ui/Name';
import { followUpDueText, shortDay } from './reachOutText';
import type { Announce } from './UndoStatus';
import { useListFocus } from './useReachOut';

type FollowUpItem = Extract<ReachOutItem, { kind: 'followUp' }>;

interface Props {
  items: readonly ReachOutItem[];
  today: string;
  announce: Announce;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));


/** Open checklist items that mention someone, by due date (undated last). */
export function FollowUpList({ items, today, announce }: Props): JSX.Element {
  const services = useServices();
  const { people, pages } = useWorkspace();
  const followUps = items.filter((i): i is FollowUpItem => i.kind === 'followUp').map((i) => i.followUp);
  const { listRef, headingRef, willRemove } = useListFocus(followUps.length);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());

  const done = (index: number, key: string, pageId: string, text: string): void => {
    setBusy((b) => new Set(b).add(key));
    willRemove(index);
    setFollowUpChecked(services, pageId, key, true)
      .then((ticked) =>
        ticked
          ? announce(`Done: “${text}”, ticked in its note.`, async () => {
              const unticked = await setFollowUpChecked(services, pageId, key, false);
              return unticked ? `“${text}” is open again.` : `Couldn’t find “${text}” in its note any more.`;
            })
          : announce(`Couldn’t find “${text}” in its note any more.`),
      )
      .catch((err: unknown) => announce(`Couldn’t tick “${text}”: ${message(err)}`))
      .finally(() =>
        setBusy((b) => {
          const next = new Set(b);
          next.delete(key);
          return next;
        }),
      );
  };

  const snooze = (pageId: string, key: string, text: string): void => {
    const until = snoozeUntil(today, 'week');
    // Undo puts back exactly the hand-set dates the snooze changed (it may move one to the item's id).
    const before = followUpOverrides(services.ws);
    setFollowUpDueByHand(services, pageId, key, until)
      .then(() => {
        const after = followUpOverrides(services.ws);
        announce(`Snoozed until ${shortDay(until)}.`, () => {
          restoreFollowUpOverrides(services.ws, before, after);
          return `“${text}” is back to its date.`;
        });
      })
      .catch((err: unknown) => announce(`Couldn’t snooze “${text}”: ${message(err)}`));
  };

  return (
    <section className="reach-section" aria-labelledby="reach-followups">
      <h2 id="reach-followups" ref={headingRef} tabIndex={-1}>
        Follow-ups
      </h2>
      {followUps.length === 0 ? (
        <p className="reach-empty muted">
          No open follow-ups. A checklist item that mentions someone — “[ ] send @Maria the recipe on Friday” — lands here.
        </p>
      ) : (
        <ul className="reach-list" ref={listRef} aria-labelledby="reach-followups">
          {followUps.map((f, index) => {
            const overdue = f.due === null ? null : daysBetween(f.due, today);
            const page = pages.get(f.pageId);
            const who = f.personIds.filter((id) => people.has(id));
            const pending = busy.has(f.key);
            return (
              <li key={f.key} className="reach-item">
                <div className="reach-main">
                  <span className="reach-text">{f.text}</span>
                  <span className="visually-hidden">: </span>
                  <span className="reach-meta">
                    <span className={overdue === null ? 'reach-due undated' : overdue > 0 ? 'reach-due overdue' : 'reach-due'}>{followUpDueText(f.due, overdue)}</span>
                    {who.length > 0 && (
                      <>
                        ; with{' '}
                        {who.map((id, i) => (
                          <Fragment key={id}>
                            {i > 0 && (i === who.length - 1 ? ' and ' : ', ')}
                            <a href={routeHref({ name: 'person', id })}>
                              <Name>{people.get(id)?.name ?? 'someone'}</Name>
                            </a>
                          </Fragment>
                        ))}
                      </>
                    )}
                    {page && (
                      <>
                        ; in{' '}
                        <a href={pageHref(page)}>
                          {page.kind === 'journal' ? 'your journal' : 'a conversation note'}, {shortDay(page.date)}
                        </a>
                      </>
                    )}
                  </span>
                </div>
                <div className="reach-actions">
                  <button type="button" aria-label={`Snooze 1 week, “${f.text}”`} disabled={pending} onClick={() => snooze(f.pageId, f.key, f.text)}>
                    Snooze 1 week
                  </button>
                  <button
                    type="button"
                    aria-label={`Done, “${f.text}”`}
                    aria-busy={pending}
                    disabled={pending}
                    onClick={() => done(index, f.key, f.pageId, f.text)}
                  >
                    Done
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
