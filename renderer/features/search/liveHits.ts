import type { WorkspaceSnapshot } from '../../state/workspaceView';

/**
 * Search results and quick-switcher items as the user may see them: only live pages and people.
 * The search index itself is not rebuilt when something goes to Trash (restoring is instant and
 * nothing is re-indexed); the display leaves out what the registry no longer lists. Callers ask
 * the engine for `limit + snapshot.trash.length` so the filter does not shorten a full page.
 */
export function isLiveId(snapshot: Pick<WorkspaceSnapshot, 'pages' | 'people'>, id: string): boolean {
  return snapshot.pages.has(id) || snapshot.people.has(id);
}

export function liveHits<T extends { id: string }>(hits: readonly T[], snapshot: Pick<WorkspaceSnapshot, 'pages' | 'people'>, limit = Infinity): T[] {
  const out: T[] = [];
  for (const h of hits) {
    if (out.length >= limit) break;
    if (isLiveId(snapshot, h.id)) out.push(h);
  }
  return out;
}

/** Quick-switcher results carry their id on `item`. */
export function liveSwitcherResults<T extends { item: { id: string } }>(
  results: readonly T[],
  snapshot: Pick<WorkspaceSnapshot, 'pages' | 'people'>,
  limit = Infinity,
): T[] {
  const out: T[] = [];
  for (const r of results) {
    if (out.length >= limit) break;
    if (isLiveId(snapshot, r.item.id)) out.push(r);
  }
  return out;
}

/** How many more to ask the engine for, so that filtering still fills `limit`. */
export function overFetch(snapshot: Pick<WorkspaceSnapshot, 'trash' | 'gone'>, limit: number): number {
  return limit + snapshot.trash.length + snapshot.gone.size;
}
