import { useDeferredValue, useMemo, useState, type JSX } from 'react';
import { sortPeopleByRecent } from '../../../shared/domain/backlinks';
import { describeDaysAgo } from '../../../shared/domain/dates';
import { matchPeople } from '../../../shared/domain/peopleSearch';
import { normalizeName } from '../../../shared/domain/workspace';
import { excerpt, FIELD_LIMITS } from '../../../shared/domain/fieldLimits';
import { navigate, } from '../../router/useRoute';
import { routeHref } from '../../router/routes';
import { addPerson, today } from '../../state/actions';
import { useServices, useWorkspace } from '../../state/AppServices';
import { Name } from '../../ui/Name';
import { usePageTitle } from '../shell/usePageTitle';

/** Everyone, most recent conversation first, with a forgiving filter. */
export function PeopleView(): JSX.Element {
  const services = useServices();
  const { people, pages } = useWorkspace();
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter);
  usePageTitle('People');
  const sorted = useMemo(() => sortPeopleByRecent(people.values(), pages.values()), [people, pages]);
  const shown = useMemo(() => (deferred.trim() ? matchPeople(sorted, deferred, 200) : sorted), [sorted, deferred]);
  const day = today(services);
  const name = normalizeName(filter);

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">People</h1>
        <div className="fields">
          <label className="field grow">
            <span>Filter people</span>
            <input
              type="search"
              value={filter}
              maxLength={FIELD_LIMITS.name}
              placeholder="Type a name — typos are fine"
              onChange={(e) => setFilter(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="primary"
            disabled={!name}
            title={name ? undefined : 'Type a name in the filter box first'}
            onClick={() => navigate(routeHref({ name: 'person', id: addPerson(services, name) }))}
          >
            {name ? (
              <>
                Add “<Name>{name}</Name>”
              </>
            ) : (
              'Add a person'
            )}
          </button>
        </div>
      </header>
      {people.size === 0 ? (
        <p className="empty">
          No one here yet. Type <kbd>@</kbd> and a name in a journal entry to mention someone — they’ll appear here, with
          every conversation you’ve had.
        </p>
      ) : shown.length === 0 ? (
        <p className="empty" role="status">
          No one matches “<Name>{excerpt(filter)}</Name>”. Add them with the button above.
        </p>
      ) : (
        <ul className="people-list" aria-label="People">
          {shown.map((p) => (
            <li key={p.id}>
              <a href={routeHref({ name: 'person', id: p.id })} className="person-row">
                <span className="person-name">
                  <Name>{p.name}</Name>
                </span>
                <span className="muted">
                  {p.lastConversation ? `Last conversation ${describeDaysAgo(p.lastConversation, day)}` : 'No conversations yet'}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
