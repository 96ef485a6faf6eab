import { type JSX } from 'react';
import { addDays, formatLongDate } from '../../../shared/domain/dates';
import { currentJournalPageId, seedsPage } from '../../../shared/domain/workspace';
import { PageEditor } from '../../editor/PageEditor';
import { routeHref } from '../../router/routes';
import { addPerson, today } from '../../state/actions';
import { useFindWords } from '../../router/useRoute';
import { useServices, useWorkspace } from '../../state/AppServices';
import { usePageTitle } from '../shell/usePageTitle';
import { MoveToTrashButton } from '../trash/MoveToTrashButton';
import { TrashedPage } from '../trash/TrashedPage';
import { useTrashItem } from '../trash/useTrashItem';

/**
 * One day's journal entry. Opening a day writes nothing to the workspace: the day's record is
 * created by its first real edit (renderer/storage/pageFactsUpdater), so browsing leaves no trace.
 */
export function DayPage({ date }: { date: string }): JSX.Element {
  const services = useServices();
  const find = useFindWords();
  const { pages } = useWorkspace();
  // A day emptied from Trash starts a new entry (a new generation of the day's id).
  const id = currentJournalPageId(services.ws, date);
  const meta = pages.get(id);
  const isToday = date === today(services);
  const long = formatLongDate(date);
  usePageTitle(isToday ? `Today — ${long}` : long);
  const inTrash = useTrashItem(id);
  if (inTrash) return <TrashedPage item={inTrash} />;

  return (
    <article className="page" aria-labelledby="page-title">
      <header className="page-header">
        <p className="eyebrow">{isToday ? 'Today' : 'Journal'}</p>
        <h1 id="page-title">{long}</h1>
        <nav className="day-nav" aria-label="Other days">
          <a href={routeHref({ name: 'day', date: addDays(date, -1) })}>← Previous day</a>
          {!isToday && <a href={routeHref({ name: 'today' })}>Today</a>}
          <a href={routeHref({ name: 'day', date: addDays(date, 1) })}>Next day →</a>
        </nav>
        {/* Only a day that was written in has a record to move to Trash. */}
        {meta && <MoveToTrashButton target={{ kind: 'journal', id, date }} title={long} />}
      </header>
      <PageEditor
        key={id}
        pageId={id}
        shouldBootstrap={seedsPage(meta?.createdOn, services.deviceId)}
        label={`Journal entry for ${long}`}
        placeholder="What happened today? Who did you see? Type @ to mention someone."
        onCreatePerson={(name) => addPerson(services, name)}
        autoFocus
        find={find}
      />
    </article>
  );
}
