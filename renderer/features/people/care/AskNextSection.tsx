import type { JSX } from 'react';
import { formatShortDate } from '../../../../shared/domain/dates';
import { pageHref } from '../../../router/routes';
import { useWorkspace } from '../../../state/AppServices';
import { Snippet } from '../../../ui/Snippet';
import { askNextFor } from './personCare';

/** "What to ask next time?" lines from the latest entry or note with them that has some. Hidden when none. */
export function AskNextSection({ personId, name }: { personId: string; name: string }): JSX.Element | null {
  const { pages } = useWorkspace();
  const found = askNextFor(pages.values(), personId);
  if (!found) return null;
  const { page, lines } = found;
  return (
    <section className="care-section ask-next" aria-labelledby="ask-next-title">
      <h2 id="ask-next-title">To ask next time</h2>
      <ul className="care-ask-list">
        {lines.map((parts, i) => (
          <li key={i}>
            <Snippet parts={parts} />
          </li>
        ))}
      </ul>
      <p className="small muted">
        From{' '}
        <a href={pageHref(page)}>
          {page.kind === 'journal' ? 'your journal' : 'your conversation note'}, {formatShortDate(page.date)}
        </a>{' '}
        — questions you wanted to ask {name || 'them'}.
      </p>
    </section>
  );
}
