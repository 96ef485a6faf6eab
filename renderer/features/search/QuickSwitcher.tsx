import { useEffect, useId, useMemo, useRef, useState, type JSX } from 'react';
import { liveSwitcherResults, overFetch } from './liveHits';
import { formatShortDate } from '../../../shared/domain/dates';
import { excerpt, FIELD_LIMITS } from '../../../shared/domain/fieldLimits';
import { pageHref } from '../../router/routes';
import { navigate } from '../../router/useRoute';
import { useServices, useWorkspace } from '../../state/AppServices';
import { Highlighted } from './Highlighted';

const KIND_LABEL = { journal: 'Journal', conversation: 'Conversation', person: 'Person' } as const;

/**
 * Ctrl/Cmd+K: jump to any person or page by name or title (fuse.js), recent ones first when the
 * box is empty. A modal dialog with a combobox: arrows move, Enter opens, Escape closes and
 * returns focus to where it was.
 */
export function QuickSwitcher({ onClose }: { onClose(): void }): JSX.Element {
  const { search } = useServices();
  const workspace = useWorkspace();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<Element | null>(document.activeElement);
  const listId = useId();
  // The switcher rebuilds its list only when the registry changed.
  // What is in Trash is left out here (the index keeps it: restoring is instant).
  const results = useMemo(() => liveSwitcherResults(search.quickSwitch(query, overFetch(workspace, 12)), workspace, 12), [search, query, workspace]);

  useEffect(() => {
    input.current?.focus();
    // The editor may take focus back as its own keydown settles; claim it after that too.
    const frame = requestAnimationFrame(() => input.current?.focus());
    const back = returnFocus.current;
    return () => {
      cancelAnimationFrame(frame);
      if (back instanceof HTMLElement) back.focus();
    };
  }, []);
  useEffect(() => setActive(0), [query]);

  const open = (i: number): void => {
    const hit = results[i];
    if (!hit) return;
    const item = hit.item;
    onClose();
    navigate(pageHref({ id: item.id, kind: item.kind, date: item.date ?? '' }));
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog switcher" role="dialog" aria-modal="true" aria-label="Jump to a person or page">
        <input
          ref={input}
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls={listId}
          aria-activedescendant={results[active] ? `${listId}-${active}` : undefined}
          aria-autocomplete="list"
          aria-label="Jump to"
          placeholder="Jump to a person or page…"
          maxLength={FIELD_LIMITS.query}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, results.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              open(active);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              onClose();
            } else if (e.key === 'Tab') {
              e.preventDefault(); // focus stays in the dialog
            }
          }}
        />
        {results.length === 0 ? (
          <p className="muted switcher-empty">
            {query ? `No person or page matches “${excerpt(query)}”.` : 'Nothing here yet: people and pages you open appear here.'}
          </p>
        ) : (
          <ul id={listId} role="listbox" aria-label={query ? 'Matches' : 'Recent'} className="switcher-list">
            {results.map((r, i) => (
              <li
                key={r.item.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'selected' : ''}
                onMouseEnter={() => setActive(i)}
                onMouseDown={(e) => {
                  e.preventDefault();
                  open(i);
                }}
              >
                <span className="switcher-title">
                  <Highlighted text={r.item.title} ranges={r.highlights} />
                </span>
                <span className="muted">
                  {KIND_LABEL[r.item.kind]}
                  {r.item.date && r.item.kind !== 'person' ? ` · ${formatShortDate(r.item.date)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
