import { useState, type JSX } from 'react';
import { formatShortDate } from '../../../../shared/domain/dates';
import { pageHref } from '../../../router/routes';
import { useWorkspace } from '../../../state/AppServices';
import { Name } from '../../../ui/Name';
import { IntroduceDialog } from './IntroduceDialog';
import { introductionsFor, sharedInterestLines } from './personCare';
import { resolvePerson } from '../../../state/workspaceView';

/**
 * Who you've introduced this person to (newest first), a gentle nudge when they share an
 * interest with someone they haven't met through you, and "Introduce…".
 */
export function IntroductionsSection({ personId, name }: { personId: string; name: string }): JSX.Element {
  const snapshot = useWorkspace();
  const [dialog, setDialog] = useState<{ preselect?: string } | null>(null);
  const rows = introductionsFor(snapshot.pages.values(), personId);
  const suggestions = sharedInterestLines(snapshot, personId);
  const who = name || 'them';

  return (
    <section className="care-section introductions" aria-labelledby="introductions-title">
      <div className="care-section-head">
        <h2 id="introductions-title">
          Introductions <span className="count">{rows.length > 0 ? rows.length : ''}</span>
        </h2>
        <button type="button" onClick={() => setDialog({})}>
          Introduce…
        </button>
      </div>
      {suggestions.length > 0 && (
        <ul className="care-suggest-list" aria-label="People who share interests">
          {suggestions.map((s) => (
            <li key={s.tag}>
              <span>{s.text}.</span>
              {s.others.map((o) => (
                <button key={o.id} type="button" className="care-quiet" onClick={() => setDialog({ preselect: o.id })}>
                  Introduce <Name>{who}</Name> to <Name>{o.name}</Name>
                </button>
              ))}
            </li>
          ))}
        </ul>
      )}
      {rows.length === 0 ? (
        <p className="muted">No introductions yet. When two people you know would enjoy each other, “Introduce…” writes it down.</p>
      ) : (
        <ol className="backlinks">
          {rows.map((r) => (
            <li key={r.page.id}>
              <a className="backlink" href={pageHref(r.page)}>
                <span className="backlink-meta">
                  <span className="care-intro-who">Introduced to <Name>{goneOrLiveName(snapshot, r.otherId)}</Name></span>
                  <time dateTime={r.page.date}>{formatShortDate(r.page.date)}</time>
                </span>
                {r.why && <span className="backlink-snippet">{r.why}</span>}
              </a>
            </li>
          ))}
        </ol>
      )}
      {dialog && <IntroduceDialog personId={personId} name={name} preselect={dialog.preselect} onClose={() => setDialog(null)} />}
    </section>
  );
}

/** A person in Trash keeps their name here, as in their mentions. */
function goneOrLiveName(snapshot: Parameters<typeof resolvePerson>[0], id: string): string {
  const r = resolvePerson(snapshot, id);
  return r.kind === 'unknown' ? 'someone no longer here' : r.name;
}
