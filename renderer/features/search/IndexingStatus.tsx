import type { JSX } from 'react';
import { useIndexingState } from './useIndexingState';

/** The first time a large journal is opened, search shows its progress wherever you are. */
export function IndexingStatus(): JSX.Element | null {
  const state = useIndexingState();
  if (state.kind !== 'indexing' || state.total < 20) return null;
  const percent = Math.floor((100 * state.done) / state.total);
  return (
    <div className="sidebar-indexing" role="status">
      Indexing notes for search… {percent}%
      <progress max={state.total} value={state.done} aria-label="Indexing progress" />
    </div>
  );
}
