import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState, type JSX, type ReactNode } from 'react';

/**
 * A long list (9,000 journal entries, thousands of people) that renders only the rows near the
 * viewport, so opening or scrolling it costs the same at 50,000 pages as at 50. The window
 * scrolls (as for every other page); rows may differ in height (previews wrap) and are measured
 * as they render.
 *
 * Accessibility: the list keeps its role and label, and each rendered row says where it is
 * (aria-posinset / aria-setsize), so a screen reader announces "entry 37 of 9,000". Tabbing moves
 * through the rendered rows; the rows around the focused one are always rendered (overscan), and
 * scrolling a focused row into view renders its neighbours.
 */
export interface VirtualListProps<T> {
  items: readonly T[];
  getKey(item: T): string;
  renderItem(item: T, index: number): ReactNode;
  /** A typical row height in px (rows are measured once rendered). */
  estimateSize: number;
  ariaLabel: string;
  className: string;
  /** 'ol' (ordered: entries by date) or 'ul'. */
  as?: 'ol' | 'ul';
  /** Gap between rows in px (the CSS gap of the non-virtual list). */
  gap?: number;
}

export function VirtualList<T>({ items, getKey, renderItem, estimateSize, ariaLabel, className, as = 'ol', gap = 0 }: VirtualListProps<T>): JSX.Element {
  const listRef = useRef<HTMLOListElement & HTMLUListElement>(null);
  const [offset, setOffset] = useState(0);
  // Where the list starts on the page (the header above it scrolls away first).
  useLayoutEffect(() => {
    const top = listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0;
    setOffset((prev) => (Math.abs(prev - top) > 0.5 ? top : prev));
  });
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => estimateSize,
    overscan: 8,
    gap,
    scrollMargin: offset,
    getItemKey: (index) => getKey(items[index]!),
  });
  const List = as;
  const rows = virtualizer.getVirtualItems();
  return (
    <List ref={listRef} className={`${className} virtual-list`} aria-label={ariaLabel} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {rows.map((row) => (
        <li
          key={row.key}
          data-index={row.index}
          ref={virtualizer.measureElement}
          aria-setsize={items.length}
          aria-posinset={row.index + 1}
          className="virtual-row"
          style={{ transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
        >
          {renderItem(items[row.index]!, row.index)}
        </li>
      ))}
    </List>
  );
}
