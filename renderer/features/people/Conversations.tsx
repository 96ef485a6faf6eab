import { useMemo, type JSX } from 'react';
import { backlinksFor } from '../../../shared/domain/backlinks';
import { formatShortDate } from '../../../shared/domain/dates';
import { useWorkspace } from '../../state/AppServices';
import { pageHref } from '../../router/routes';
import { Snippet } from '../../ui/Snippet';
import { Name } from '../../ui/Name';
import { VirtualList } from '../../ui/VirtualList';

const KIND_LABEL = { journal: 'Journal', conversation: 'Conversation', person: 'Person page' } as const;

/**
 * Every entry and note that mentions this person, newest first — read from the registry only,
 * once per change of the registry (not per render), and rendered a screenful at a time: someone
 * close is in thousands of entries after a few years.
 */
export function Conversations({ personId, name }: { personId: string; name: string }): JSX.Element {
  const { pages, people } = useWorkspace();
  const links = useMemo(() => backlinksFor(personId, pages.values()), [personId, pages]);
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
        <VirtualList
          items={links}
          getKey={(link) => link.pageId}
          className="backlinks"
          ariaLabel={`Conversations with ${name || 'them'}, newest first (${links.length.toLocaleString()})`}
          estimateSize={64}
          gap={6}
          renderItem={(link) => (
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
          )}
        />
      )}
    </section>
  );
}
