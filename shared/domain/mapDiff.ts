/**
 * Walks from one snapshot of a map to the next, calling `changed` for every key whose value is
 * not the same object (added: `before` undefined; removed: `after` undefined). Snapshots that
 * reuse unchanged values (the registry view does) make this one identity check per entry plus
 * work for what changed; the scan for removed keys runs only when some are missing.
 */
export function diffMaps<K, V>(
  prev: ReadonlyMap<K, V>,
  next: ReadonlyMap<K, V>,
  changed: (key: K, before: V | undefined, after: V | undefined) => void,
  /** The only keys that can differ, when the maker of `next` knows them: then only those are looked at. */
  only?: Iterable<K>,
): void {
  if (prev === next) return;
  if (only) {
    for (const key of only) {
      const before = prev.get(key);
      const after = next.get(key);
      if (before !== after) changed(key, before, after);
    }
    return;
  }
  let kept = 0;
  for (const [key, after] of next) {
    const before = prev.get(key);
    if (before !== undefined) kept++;
    if (before !== after) changed(key, before, after);
  }
  if (kept < prev.size) for (const [key, before] of prev) if (!next.has(key)) changed(key, before, undefined);
}
