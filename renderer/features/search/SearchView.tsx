import { useDeferredValue, useEffect, useMemo, useRef, useState, type JSX, type KeyboardEvent } from 'react';
import { liveHits, overFetch } from './liveHits';
import { formatShortDate } from '../../../shared/domain/dates';
import { PAGE_KINDS, type PageKind, type SearchFilter, type SearchHit } from '../../../shared/search';
import { pageHref, routeHref, type SearchParams } from '../../router/routes';
import { navigate } from '../../router/useRoute';
import { useServices, useWorkspace } from '../../state/AppServices';
import { usePageTitle } from '../shell/usePageTitle';
import { shortcut } from '../../ui/shortcuts';
import { excerpt, FIELD_LIMITS } from '../../../shared/domain/fieldLimits';
import { NameList } from '../../ui/Name';
import { Highlighted, matchedWords } from './Highlighted';
import { useIndexingState } from './useIndexingState';

const KIND_LABEL: Record<PageKind, string> = { journal: 'Journal', conversation: 'Conversation', person: 'Person' };

/** Full-text search over every entry, conversation note and person page; results as you type. */
export function SearchView({ params }: { params: SearchParams }): JSX.Element {
  const { search } = useServices();
  const workspace = useWorkspace();
  const { people } = workspace;
  const indexing = useIndexingState();
  const [q, setQ] = useState(params.q);
  const deferred = useDeferredValue(q);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  usePageTitle(q ? `Search: ${q}` : 'Search');

  useEffect(() => input.current?.focus(), []);
  // Keep the address in step (replace, not push: typing is not navigation).
  useEffect(() => {
    const href = routeHref({ name: 'search', params: { ...params, q: deferred } });
    if (window.location.hash !== href) window.history.replaceState(window.history.state, '', href);
  }, [deferred, params]);

  const setParam = (key: keyof SearchParams, value: string): void => {
    navigate(routeHref({ name: 'search', params: { ...params, q, [key]: value || undefined } }), { replace: true });
  };

  const filter: SearchFilter = useMemo(
    () => ({
      people: params.person ? [params.person] : undefined,
      kinds: params.kind && (PAGE_KINDS as readonly string[]).includes(params.kind) ? [params.kind as PageKind] : undefined,
      from: params.from,
      to: params.to,
    }),
    [params.person, params.kind, params.from, params.to],
  );
  const hasFilter = Boolean(params.person || params.kind || params.from || params.to);
  const trashSize = overFetch(workspace, 50);
  // The host answers (search runs beside the store, off this thread). An answer belongs to the
  // query it was asked for: until the current one is answered, nothing claims "nothing found".
  const key = JSON.stringify([deferred, filter, trashSize]);
  const [answer, setAnswer] = useState<{ key: string; hits: SearchHit[]; complete: boolean }>({ key: '', hits: [], complete: true });
  useEffect(() => {
    if (!deferred.trim() && !hasFilter) return;
    let current = true;
    search.search(deferred, filter, trashSize).then(
      (res) => current && setAnswer({ key, hits: res.hits, complete: res.complete }),
      () => current && setAnswer({ key, hits: [], complete: false }),
    );
    return () => {
      current = false;
    };
    // `indexing` changes when pages are (re)indexed: results follow what was just typed.
  }, [search, key, deferred, filter, hasFilter, indexing, trashSize]);
  const allHits = answer.hits;
  // What is in Trash is left out here (the index keeps it: restoring is instant).
  const hits = useMemo(() => liveHits(allHits, workspace, 50), [allHits, workspace]);
  const sortedPeople = useMemo(() => [...people.values()].sort((a, b) => a.name.localeCompare(b.name)), [people]);

  const moveFocus = (e: KeyboardEvent): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = [...(list.current?.querySelectorAll<HTMLAnchorElement>('a.result') ?? [])];
    if (links.length === 0) return;
    e.preventDefault();
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === 'ArrowDown') links[Math.min(at + 1, links.length - 1)]?.focus();
    else if (at <= 0) input.current?.focus();
    else links[at - 1]?.focus();
  };

  return (
    <section className="page" aria-labelledby="page-title" onKeyDown={moveFocus}>
      <header className="page-header">
        <h1 id="page-title">Search</h1>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            list.current?.querySelector<HTMLAnchorElement>('a.result')?.click();
          }}
        >
          <label className="field grow">
            <span>Search every note</span>
            <input
              ref={input}
              id="search-input"
              type="search"
              value={q}
              maxLength={FIELD_LIMITS.query}
              placeholder='A word, "an exact phrase", @name…'
              onChange={(e) => setQ(e.target.value)}
              aria-describedby="search-help"
            />
          </label>
        </form>
        <div className="fields filters">
          <label className="field">
            <span>Person</span>
            <select value={params.person ?? ''} onChange={(e) => setParam('person', e.target.value)}>
              <option value="">Anyone</option>
              {sortedPeople.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Kind</span>
            <select value={params.kind ?? ''} onChange={(e) => setParam('kind', e.target.value)}>
              <option value="">All notes</option>
              {PAGE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>From</span>
            <input type="date" value={params.from ?? ''} onChange={(e) => setParam('from', e.target.value)} />
          </label>
          <label className="field">
            <span>To</span>
            <input type="date" value={params.to ?? ''} onChange={(e) => setParam('to', e.target.value)} />
          </label>
        </div>
        <p id="search-help" className="muted small">
          Typos are fine. Use quotes for an exact phrase, <kbd>@name</kbd> for notes that mention someone. Jump to a
          person or page with <kbd>{shortcut('Ctrl+K')}</kbd>.
        </p>
      </header>
      {indexing.kind === 'indexing' && (
        <p className="indexing" role="status">
          Indexing your notes… {indexing.done.toLocaleString()} of {indexing.total.toLocaleString()}
          <progress max={indexing.total} value={indexing.done} aria-label="Indexing progress" />
        </p>
      )}
      {!deferred.trim() && !hasFilter ? (
        <p className="empty">Type to search every journal entry, conversation note and person page.</p>
      ) : hits.length === 0 && answer.key !== key ? (
        <p className="empty" role="status" aria-busy="true">
          Searching…
        </p>
      ) : hits.length === 0 && !answer.complete ? (
        <p className="empty" role="status" aria-busy="true">
          Still loading your notes…
        </p>
      ) : hits.length === 0 ? (
        <p className="empty" role="status">
          Nothing found for “{excerpt(deferred)}”{hasFilter ? ' with these filters' : ''}. Try fewer words, or another spelling.
        </p>
      ) : (
        <>
          <p className="visually-hidden" role="status">
            {hits.length} {hits.length === 1 ? 'result' : 'results'}
          </p>
          <ol className="results" ref={list} aria-label="Search results">
            {hits.map((hit) => (
              <li key={hit.id}>
                <a className="result" href={pageHref(hit, matchedWords(hit.snippet.text, hit.snippet.highlights).join(' '))}>
                  <span className="result-title">
                    <Highlighted text={hit.title} ranges={hit.titleHighlights} />
                  </span>
                  <span className="entry-meta">
                    <time dateTime={hit.date}>{formatShortDate(hit.date)}</time>
                    <span className="badge">{KIND_LABEL[hit.kind]}</span>
                    {hit.people.length > 0 && (
                      <span className="muted">
                        <NameList
                          names={hit.people
                            .map((id) => people.get(id)?.name)
                            .filter((n): n is string => n !== undefined)
                            .slice(0, 5)}
                        />
                      </span>
                    )}
                  </span>
                  <span className="result-snippet">
                    <Highlighted text={hit.snippet.text} ranges={hit.snippet.highlights} />
                  </span>
                </a>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
