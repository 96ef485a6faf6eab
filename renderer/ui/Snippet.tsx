import type { JSX } from 'react';
import type { SnippetPart } from '../../shared/domain/types';
import { useWorkspace } from '../state/AppServices';
import { resolvePerson } from '../state/workspaceView';
import { Name } from './Name';

/** Snippet text with mentions shown by the person's current name. */
export function Snippet({ parts, empty = '' }: { parts: SnippetPart[]; empty?: string }): JSX.Element {
  const snapshot = useWorkspace();
  // A person in Trash still shows by name (plain text, like their mentions); merged: the survivor.
  const nameOf = (id: string): string => {
    const r = resolvePerson(snapshot, id);
    return r.kind === 'unknown' ? 'someone' : r.name;
  };
  if (parts.length === 0) return <span className="muted">{empty}</span>;
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          <span key={i}>{p}</span>
        ) : (
          <span key={i} className="snippet-mention">
            @<Name>{nameOf(p.p)}</Name>
          </span>
        ),
      )}
    </>
  );
}
