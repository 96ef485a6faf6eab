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
export function useReachOut(): ReachOut {
  return cachedReachOut(useWorkspace(), useToday());
}

/**
 * How many are due today, for the sidebar, which is always there: computed in a deferred render
 * (typing wins over recounting), and not at all in the first render — at start-up the count
 * follows in a task of its own instead of lengthening the one that first shows the page. Null
 * until then.
 */
export function useDueTodayCount(): number | null {
  const day = useToday();
  const deferred = useDeferredValue<ReturnType<typeof useWorkspace> | null>(useWorkspace(), null);
  return deferred === null ? null : cachedReachOut(deferred, day).dueTodayCount;
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
