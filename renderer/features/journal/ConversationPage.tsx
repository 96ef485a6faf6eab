import { useState, type JSX } from 'react';
import { talkedWithIds } from '../../../shared/domain/backlinks';
import { formatLongDate, isISODate } from '../../../shared/domain/dates';
import { seedsPage, setPageFields } from '../../../shared/domain/workspace';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits';
import { PageEditor } from '../../editor/PageEditor';
import { routeHref } from '../../router/routes';
import { addPerson } from '../../state/actions';
import { useFindWords } from '../../router/useRoute';
import { useServices, useWorkspace } from '../../state/AppServices';
import { SyncedInput } from '../../ui/SyncedInput';
import { Name } from '../../ui/Name';
import { NotFound } from '../shell/NotFound';
import { usePageTitle } from '../shell/usePageTitle';
import { MoveToTrashButton } from '../trash/MoveToTrashButton';
import { TrashedPage } from '../trash/TrashedPage';
import { useTrashItem } from '../trash/useTrashItem';

/** A dated conversation note: when, where, who was there (from its @mentions), what was said. */
export function ConversationPage({ id }: { id: string }): JSX.Element {
  const services = useServices();
  const find = useFindWords();
  const { pages, people } = useWorkspace();
  const meta = pages.get(id);
  const [dateError, setDateError] = useState<string | null>(null);
  const inTrash = useTrashItem(id);
  usePageTitle(meta ? `Conversation, ${formatLongDate(meta.date)}` : inTrash ? 'Conversation (in Trash)' : 'Not found');
  if (!meta && inTrash) return <TrashedPage item={inTrash} />;
  if (!meta || meta.kind !== 'conversation') return <NotFound what="conversation note" />;

  const who = talkedWithIds(meta)
    .map((pid) => people.get(pid))
    .filter((p) => p !== undefined);

  const onDate = (value: string): void => {
    if (!isISODate(value)) {
      setDateError('Pick a full date (day, month and year).');
      return;
    }
    setDateError(null);
    setPageFields(services.ws, id, { date: value }, services.now().getTime());
  };

  return (
    <article className="page" aria-labelledby="page-title">
      <header className="page-header">
        <p className="eyebrow">Conversation</p>
        <h1 id="page-title">{formatLongDate(meta.date)}</h1>
        <MoveToTrashButton target={{ kind: 'conversation', id, date: meta.date }} title={meta.place.trim() ? `${formatLongDate(meta.date)} · ${meta.place.trim()}` : formatLongDate(meta.date)} />
        <div className="fields">
          <label className="field">
            <span>Date</span>
            <input type="date" value={meta.date} onChange={(e) => onDate(e.target.value)} aria-invalid={dateError !== null} />
          </label>
          <label className="field grow">
            <span>Place or context</span>
            <SyncedInput
              type="text"
              maxLength={FIELD_LIMITS.place}
              value={meta.place}
              placeholder="Coffee at Luna, a walk by the river, a phone call…"
              onCommit={(place) => setPageFields(services.ws, id, { place }, services.now().getTime())}
            />
          </label>
        </div>
        {dateError && <p className="inline-error" role="alert">{dateError}</p>}
        <p className="who">
          <span className="muted">Who was there: </span>
          {who.length === 0 ? (
            <span className="muted">mention people with @ in the note and they appear here.</span>
          ) : (
            who.map((p, i) => (
              <span key={p.id}>
                {i > 0 && ', '}
                <a href={routeHref({ name: 'person', id: p.id })}>
                  <Name>{p.name}</Name>
                </a>
              </span>
            ))
          )}
        </p>
      </header>
      <PageEditor
        key={id}
        pageId={id}
        shouldBootstrap={seedsPage(meta.createdOn, services.deviceId)}
        label={`Conversation note, ${formatLongDate(meta.date)}`}
        placeholder="Who was there? Type @ to mention someone, then write what you talked about."
        onCreatePerson={(name) => addPerson(services, name)}
        autoFocus="firstLine"
        find={find}
      />
    </article>
  );
}
