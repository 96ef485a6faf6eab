import type { JSX } from 'react';
import type { SnippetPart } from '../../shared/domain/types';
import { useWorkspace } from '../state/AppServices';
import { Name } from './Name';

/** Snippet text with mentions shown by the person's current name. */
export function Snippet({ parts, empty = '' }: { parts: SnippetPart[]; empty?: string }): JSX.Element {
  const { people } = useWorkspace();
  if (parts.length === 0) return <span className="muted">{empty}</span>;
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          <span key={i}>{p}</span>
        ) : (
          <span key={i} className="snippet-mention">
            @<Name>{people.get(p.p)?.name ?? 'someone'}</Name>
          </span>
        ),
      )}
    </>
  );
}
