import { useSyncExternalStore } from 'react';
import type { IndexingState } from '../../search/searchService';
import { useServices } from '../../state/AppServices';

export function useIndexingState(): IndexingState {
  const { search } = useServices();
  return useSyncExternalStore(search.subscribe, search.state);
}
