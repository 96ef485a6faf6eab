import { useState, type JSX } from 'react';
import { lastTalkedPhrase, markCheckedIn, snoozeCheckIn, snoozeUntil, unmarkCheckedIn, unsnoozeCheckIn, type ReachOutItem } from '../../../shared/care';
import { logCheckIn } from '../../care/careActions';
import { routeHref } from '../../router/routes';
import { navigate } from '../../router/useRoute';
import { useServices, useWorkspace } from '../../state/AppServices';
import { Name } from '../../ui/Name';
import { overdueText, shortDay } from './reachOutText';
import type { Announce, Undo } from './UndoStatus';
import { useListFocus } from './useReachOut';

type CheckIn = Extract<ReachOutItem, { kind: 'checkIn' }>;

interface Props {
  items: readonly ReachOutItem[];
  today: string;
  announce: Announce;
}

/** Check-ins due or overdue, most overdue first, with when you last talked. */
export function CheckInList({ items, today, announce }: Props): JSX.Element {
  const services = useServices();
  const { people } = useWorkspace();
  const checkIns = items.filter((i): i is CheckIn => i.kind === 'checkIn');
  const { listRef, headingRef, willRemove } = useListFocus(checkIns.length);
  const [logging, setLogging] = useState<string | null>(null);

  /** `what` does the action and answers how to undo it. */
  const act = (index: number, name: string, what: () => Undo, message: string): void => {
    try {
      willRemove(index);
      const undo = what();
      announce(message, undo);
    } catch (err) {
      announce(`Couldn’t update the check-in with ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const snooze = (personId: string, name: string, until: string) => (): Undo => {
    const previous = snoozeCheckIn(services.ws, personId, until);
    return () => {
      unsnoozeCheckIn(services.ws, personId, until, previous);
      return `The check-in with ${name} is back.`;
    };
  };

  const log = (personId: string, name: string): void => {
    setLogging(personId);
    logCheckIn(services, personId)
      .then((id) => navigate(routeHref({ name: 'note', id })))
      .catch((err: unknown) => {
        setLogging(null);
        announce(`Couldn’t start a note with ${name}: ${err instanceof Error ? err.message : String(err)}`);
      });
  };

  return (
    <section className="reach-section" aria-labelledby="reach-checkins">
      <h2 id="reach-checkins" ref={headingRef} tabIndex={-1}>
        Check in
      </h2>
      {checkIns.length === 0 ? (
        <p className="reach-empty muted">No check-ins due. People you’d like to hear from regularly show up here when it’s been a while.</p>
      ) : (
        <ul className="reach-list" ref={listRef} aria-labelledby="reach-checkins">
          {checkIns.map((item, index) => {
            const name = people.get(item.personId)?.name ?? 'someone';
            const busy = logging === item.personId;
            return (
              <li key={item.personId} className="reach-item">
                <div className="reach-main">
                  <a className="reach-person" href={routeHref({ name: 'person', id: item.personId })}>
                    <Name>{name}</Name>
                  </a>
                  <span className="visually-hidden">: </span>
                  <span className="reach-meta">
                    <span className={item.overdueDays > 0 ? 'reach-due overdue' : 'reach-due'}>{overdueText(item.overdueDays)}</span>,{' '}
                    {lastTalkedPhrase(item.lastContact, today)}
                  </span>
                </div>
                <div className="reach-actions">
                  <button
                    type="button"
                    className="primary"
                    aria-label={`Log a check-in with ${name}`}
                    aria-busy={busy}
                    disabled={logging !== null}
                    onClick={() => log(item.personId, name)}
                  >
                    Log a check-in
                  </button>
                  <button
                    type="button"
                    aria-label={`Snooze 1 week, check-in with ${name}`}
                    onClick={() => {
                      const until = snoozeUntil(today, 'week');
                      act(index, name, snooze(item.personId, name, until), `Snoozed until ${shortDay(until)}.`);
                    }}
                  >
                    Snooze 1 week
                  </button>
                  <button
                    type="button"
                    aria-label={`Snooze 1 month, check-in with ${name}`}
                    onClick={() => {
                      const until = snoozeUntil(today, 'month');
                      act(index, name, snooze(item.personId, name, until), `Snoozed until ${shortDay(until)}.`);
                    }}
                  >
                    Snooze 1 month
                  </button>
                  <button
                    type="button"
                    aria-label={`Done, checked in with ${name}`}
                    onClick={() =>
                      act(
                        index,
                        name,
                        () => {
                          const before = markCheckedIn(services.ws, item.personId, today);
                          return () => {
                            unmarkCheckedIn(services.ws, item.personId, before);
                            return `The check-in with ${name} is back.`;
                          };
                        },
                        `Marked done for ${name}.`,
                      )
                    }
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
