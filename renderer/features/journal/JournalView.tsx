import { useMemo, useState, type JSX } from 'react';
import { byDateDesc, talkedWithIds } from '../../../shared/domain/backlinks';
import { formatLongDate, isISODate } from '../../../shared/domain/dates';
import type { PageMeta, Person } from '../../../shared/domain/types';
import { pageHref, routeHref } from '../../router/routes';
import { navigate } from '../../router/useRoute';
import { startConversationNote } from '../../care/careActions';
import { today } from '../../state/actions';
import { useServices, useWorkspace } from '../../state/AppServices';
import { Snippet } from '../../ui/Snippet';
import { NameList } from '../../ui/Name';
import { VirtualList } from '../../ui/VirtualList';
import { usePageTitle } from '../shell/usePageTitle';

/** All entries and conversation notes by date, newest first. Days left empty are not listed. */
export function JournalView(): JSX.Element {
  const services = useServices();
  const { pages, people } = useWorkspace();
  const [day, setDay] = useState(today(services));
  usePageTitle('Journal');
  const entries = useMemo(
    () =>
      [...pages.values()]
        .filter((p) => p.kind === 'conversation' || (p.kind === 'journal' && hasWriting(p)))
        .sort(byDateDesc),
    [pages],
  );

  const [starting, setStarting] = useState(false);
  const startConversation = (): void => {
    setStarting(true);
    startConversationNote(services)
      .then((id) => navigate(routeHref({ name: 'note', id })))
      .finally(() => setStarting(false));
  };

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Journal</h1>
        <div className="fields">
          <button type="button" className="primary" onClick={startConversation} aria-busy={starting} disabled={starting}>
            New conversation note
          </button>
          <form
            className="open-day"
            onSubmit={(e) => {
              e.preventDefault();
              if (isISODate(day)) navigate(routeHref({ name: 'day', date: day }));
            }}
          >
            <label className="field">
              <span>Open a day</span>
              <input type="date" value={day} onChange={(e) => setDay(e.target.value)} required />
            </label>
            <button type="submit">Open</button>
          </form>
        </div>
      </header>
      {entries.length === 0 ? (
        <p className="empty">
          Your journal is empty. <a href={routeHref({ name: 'today' })}>Write in today’s entry</a>, or start a conversation
          note after you’ve seen someone.
        </p>
      ) : (
        <VirtualList
            items={entries}
            getKey={(p) => p.id}
            className="entries"
            ariaLabel={`Entries, newest first (${entries.length.toLocaleString()})`}
            estimateSize={76}
            gap={6}
            renderItem={(p) => <EntryRow page={p} people={people} />}
          />
      )}
    </section>
  );
}

function EntryRow({ page: p, people }: { page: PageMeta; people: ReadonlyMap<string, Person> }): JSX.Element {
  const withIds = p.kind === 'conversation' ? talkedWithIds(p) : [];
  return (
    <a className="entry-row" href={pageHref(p)}>
      <span className="entry-meta">
        <time dateTime={p.date}>{formatLongDate(p.date)}</time>
        <span className="badge">{p.kind === 'journal' ? 'Journal' : 'Conversation'}</span>
        {p.kind === 'conversation' && p.place && <span className="muted">{p.place}</span>}
        {withIds.length > 0 && (
          <span className="muted">
            with <NameList names={withIds.map((id) => people.get(id)?.name ?? 'someone')} />
          </span>
        )}
      </span>
      <span className="entry-preview">
        <Snippet parts={p.preview} empty="Nothing written yet" />
      </span>
    </a>
  );
}

function hasWriting(p: PageMeta): boolean {
  return p.preview.length > 0;
}
