import type { JSX } from 'react';
import { dismissDate, undismissDate, type ReachOutItem } from '../../../shared/care';
import { routeHref } from '../../router/routes';
import { useServices, useWorkspace } from '../../state/AppServices';
import { Name } from '../../ui/Name';
import { inDaysText } from '../../ui/words';
import { dateTitle, shortDay, yearsText } from './reachOutText';
import type { Announce } from './UndoStatus';
import { useListFocus } from './useReachOut';

type DateItem = Extract<ReachOutItem, { kind: 'date' }>;

interface Props {
  items: readonly ReachOutItem[];
  announce: Announce;
}

/** Birthdays and other days that matter, in the next 30 days, soonest first. */
export function DatesList({ items, announce }: Props): JSX.Element {
  const services = useServices();
  const { people } = useWorkspace();
  const dates = items.filter((i): i is DateItem => i.kind === 'date');
  const { listRef, headingRef, willRemove } = useListFocus(dates.length);

  return (
    <section className="reach-section" aria-labelledby="reach-dates">
      <h2 id="reach-dates" ref={headingRef} tabIndex={-1}>
        Dates coming up
      </h2>
      {dates.length === 0 ? (
        <p className="reach-empty muted">No birthdays or special days in the next 30 days.</p>
      ) : (
        <ul className="reach-list" ref={listRef} aria-labelledby="reach-dates">
          {dates.map((item, index) => {
            const name = people.get(item.personId)?.name ?? 'Someone';
            const title = dateTitle(name, item.label);
            const years = yearsText(item);
            return (
              <li key={`${item.personId}:${item.dateId}`} className={item.inDays === 0 ? 'reach-item today' : 'reach-item'}>
                <p className="reach-main">
                  <a className="reach-person" href={routeHref({ name: 'person', id: item.personId })}>
                    <Name>{name}</Name>
                  </a>
                  {title.slice(name.length)} —{' '}
                  <span className={item.inDays === 0 ? 'reach-due today' : 'reach-due'}>{shortDay(item.on)}</span>{' '}
                  <span className="muted">({inDaysText(item.inDays)})</span>
                  {years && `, ${years}`}
                </p>
                <div className="reach-actions">
                  <button
                    type="button"
                    aria-label={`Done, ${title}`}
                    onClick={() => {
                      willRemove(index);
                      dismissDate(services.ws, item.personId, item.dateId, item.on);
                      announce(`${title} set aside until next time.`, () => {
                        undismissDate(services.ws, item.personId, item.dateId, item.on);
                        return `${title} is back.`;
                      });
                    }}
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
