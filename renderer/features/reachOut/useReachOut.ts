import { useDeferredValue, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { ReachOut } from '../../../shared/care';
import { cachedReachOut } from '../../care/careModel';
import { today } from '../../state/actions';
import { useServices, useWorkspace } from '../../state/AppServices';

/** Today by the app's clock; re-renders when the day turns over while the window stays open. */
export function useToday(): string {
  const services = useServices();
  const [, setDay] = useState(() => today(services));
  useEffect(() => {
    const timer = setInterval(() => setDay(today(services)), 60_000);
    return () => clearInterval(timer);
  }, [services]);
  return today(services);
}

/** Reach out for today, shared (memoised per snapshot and day) with every other view. */
export function useReachOut({ deferred = false } = {}): ReachOut {
  const snapshot = useWorkspace();
  // The sidebar is always there: let typing win over recounting.
  const deferredSnapshot = useDeferredValue(snapshot);
  return cachedReachOut(deferred ? deferredSnapshot : snapshot, useToday());
}

/**
 * Keeps the keyboard's place when an action takes its row away: once the list has changed,
 * focus moves to the row now in that place (or the one before it), or to the section's
 * heading when the list emptied. Nothing moves if focus went somewhere else meanwhile.
 */
export function useListFocus(count: number): {
  listRef: RefObject<HTMLUListElement | null>;
  headingRef: RefObject<HTMLHeadingElement | null>;
  willRemove(index: number): void;
} {
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const pending = useRef<{ index: number; count: number; until: number } | null>(null);
  useLayoutEffect(() => {
    const p = pending.current;
    if (!p || p.count === count) return;
    pending.current = null;
    if (performance.now() > p.until) return;
    const active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    const rows = listRef.current?.querySelectorAll<HTMLElement>(':scope > li') ?? [];
    const row = rows[Math.min(p.index, rows.length - 1)];
    const target = row?.querySelector<HTMLElement>('a, button, input') ?? headingRef.current;
    target?.focus();
  });
  return {
    listRef,
    headingRef,
    willRemove: (index) => void (pending.current = { index, count, until: performance.now() + 5_000 }),
  };
}
