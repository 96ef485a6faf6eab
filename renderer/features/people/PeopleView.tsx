import { useDeferredValue, useMemo, useRef, useState, type DragEvent, type JSX } from 'react';
import { sortPeopleByRecent } from '../../../shared/domain/backlinks';
import { describeDaysAgo } from '../../../shared/domain/dates';
import { matchPeople } from '../../../shared/domain/peopleSearch';
import { normalizeName } from '../../../shared/domain/workspace';
import { excerpt, FIELD_LIMITS } from '../../../shared/domain/fieldLimits';
import { cachedReachOut } from '../../care/careModel';
import { navigate, } from '../../router/useRoute';
import { routeHref } from '../../router/routes';
import { addPerson, today } from '../../state/actions';
import { useServices, useWorkspace } from '../../state/AppServices';
import { VirtualList } from '../../ui/VirtualList';
import { Name } from '../../ui/Name';
import { usePageTitle } from '../shell/usePageTitle';
import { ImportContactsDialog } from './ImportContactsDialog';

/** Everyone, most recent conversation first, with a forgiving filter. */
export function PeopleView(): JSX.Element {
  const services = useServices();
  const snapshot = useWorkspace();
  const { people } = snapshot;
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter);
  usePageTitle('People');
  const day = today(services);
  // The same "last conversation" as the person page and Reach out (one shared computation).
  const lastContacts = cachedReachOut(snapshot, day).lastContacts;
  const sorted = useMemo(() => sortPeopleByRecent(people.values(), lastContacts), [people, lastContacts]);
  const shown = useMemo(() => (deferred.trim() ? matchPeople(sorted, deferred, 200) : sorted), [sorted, deferred]);
  const name = normalizeName(filter);
  // Contacts files chosen or dropped: the import dialog is open while this is set.
  const [importing, setImporting] = useState<File[] | null>(null);
  const [dropping, setDropping] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const hasFiles = (e: DragEvent): boolean => e.dataTransfer.types.includes('Files');

  return (
    <section
      className={dropping ? 'page people-drop' : 'page'}
      aria-labelledby="page-title"
      onDragOver={(e) => {
        if (!hasFiles(e) || importing) return;
        e.preventDefault(); // accept the drop
        e.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDropping(false);
        const files = [...e.dataTransfer.files];
        if (files.length > 0 && !importing) setImporting(files);
      }}
    >
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
          <button type="button" onClick={() => picker.current?.click()} title="Add people from .vcf files (you can also drop them here)">
            Import contacts…
          </button>
          <input
            ref={picker}
            type="file"
            accept=".vcf,.vcard,text/vcard,text/x-vcard"
            multiple
            hidden
            aria-label="Contacts files to import"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = ''; // the same file can be chosen again
              if (files.length > 0) setImporting(files);
            }}
          />
        </div>
      </header>
      {people.size === 0 ? (
        <p className="empty">
          No one here yet. Type <kbd>@</kbd> and a name in a journal entry to mention someone — they’ll appear here, with
          every conversation you’ve had — or import contacts from your phone or computer (drop .vcf files here, or choose
          Import contacts…).
        </p>
      ) : shown.length === 0 ? (
        <p className="empty" role="status">
          No one matches “<Name>{excerpt(filter)}</Name>”. Add them with the button above.
        </p>
      ) : (
        <VirtualList
          as="ul"
          items={shown}
          getKey={(p) => p.id}
          className="people-list"
          ariaLabel="People"
          estimateSize={64}
          gap={6}
          renderItem={(p) => (
            <a href={routeHref({ name: 'person', id: p.id })} className="person-row">
              <span className="person-name">
                <Name>{p.name}</Name>
              </span>
              <span className="muted">
                {p.lastConversation ? `Last conversation ${describeDaysAgo(p.lastConversation, day)}` : 'No conversations yet'}
              </span>
            </a>
          )}
        />
      )}
      {dropping && (
        <p className="people-drop-hint" aria-hidden="true">
          Drop .vcf files to import contacts
        </p>
      )}
      {importing && <ImportContactsDialog files={importing} onClose={() => setImporting(null)} />}
    </section>
  );
}
