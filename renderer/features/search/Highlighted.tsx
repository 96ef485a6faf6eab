import type { JSX } from 'react';
import type { HighlightRange } from '../../../shared/search';

/** Text with the matched ranges wrapped in <mark>. */
export function Highlighted({ text, ranges }: { text: string; ranges: HighlightRange[] }): JSX.Element {
  const out: JSX.Element[] = [];
  let at = 0;
  [...ranges]
    .sort((a, b) => a.start - b.start)
    .forEach((r, i) => {
      if (r.start < at) return;
      if (r.start > at) out.push(<span key={`t${i}`}>{text.slice(at, r.start)}</span>);
      out.push(<mark key={`m${i}`}>{text.slice(r.start, r.end)}</mark>);
      at = r.end;
    });
  if (at < text.length) out.push(<span key="rest">{text.slice(at)}</span>);
  return <>{out}</>;
}

/** The words a hit matched, to scroll to them when the page opens. */
export function matchedWords(text: string, ranges: HighlightRange[]): string[] {
  return [...new Set(ranges.map((r) => text.slice(r.start, r.end).toLowerCase()).filter((w) => w.trim().length > 0))];
}
