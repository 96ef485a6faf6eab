import { useMemo } from 'react';
import type { TrashItem } from '../../../shared/domain/trash';
import { useWorkspace } from '../../state/AppServices';

/** The Trash entry of a page or person, or null when it is not in Trash. */
export function useTrashItem(id: string): TrashItem | null {
  const { trash } = useWorkspace();
  return useMemo(() => trash.find((t) => t.id === id) ?? null, [trash, id]);
}
