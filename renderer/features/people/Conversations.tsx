import type { JSX } from 'react';
import { backlinksFor } from '../../../shared/domain/backlinks';
import { formatShortDate } from '../../../shared/domain/dates';
import { useWorkspace } from '../../state/AppServices';
import { pageHref } from '../../router/routes';
import { Snippet } from '../../ui/Snippet';
import { Name } from '../../ui/Name';

const KIND_LABEL = { journal: 'Journal', conversation: 'Conversation', person: 'Person page' } as const;

/** Every entry and note that mentions this person, newest first — read from the registry only. */
export function Conversations({ personId, name }: { personId: string; name: string }): JSX.Element {
  const { pages, people } = useWorkspace();
  const links = backlinksFor(personId, pages.values());
  return (
    <section className="conversations" aria-labelledby="conversations-title">
      <h2 id="conversations-title">
        Conversations <span className="count">{links.length > 0 ? links.length : ''}</span>
      </h2>
      {links.length === 0 ? (
        <p className="empty">
          Nothing yet. Mention {name || 'them'} with <kbd>@</kbd> in a journal entry or a conversation note, and it will
          show up here.
        </p>
      ) : (
        <ol className="backlinks">
          {links.map((link) => (
            <li key={link.pageId}>
              <a className="backlink" href={pageHref({ id: link.pageId, kind: link.kind, date: link.date })}>
                <span className="backlink-meta">
                  <time dateTime={link.date}>{formatShortDate(link.date)}</time>
                  <span className="badge">
                    {link.kind === 'person' ? <Name>{people.get(link.pageId)?.name ?? KIND_LABEL.person}</Name> : KIND_LABEL[link.kind]}
                  </span>
                </span>
                <span className="backlink-snippet">
                  <Snippet parts={link.snippet} />
                </span>
              </a>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
