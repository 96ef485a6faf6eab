import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';

/**
 * Opened from a search result: scroll to the first place the matched words appear and highlight
 * every occurrence (CSS Custom Highlight API; no change to the note). Accents and case are
 * ignored, as in search.
 */
export function FindMatchPlugin({ words, ready }: { words: string[]; ready: boolean }): null {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    if (!ready || words.length === 0) return;
    const highlights = (CSS as unknown as { highlights?: Map<string, unknown> }).highlights;
    const HighlightCtor = (globalThis as unknown as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
    // Wait a frame so the editor has rendered the loaded content.
    const frame = requestAnimationFrame(() => {
      const root = editor.getRootElement();
      if (!root) return;
      const ranges = findRanges(root, words.map(fold).filter(Boolean));
      if (ranges.length === 0) return;
      ranges[0]!.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      if (highlights && HighlightCtor) highlights.set('search-match', new HighlightCtor(...ranges));
      root.setAttribute('data-find-matches', String(ranges.length));
    });
    return () => {
      cancelAnimationFrame(frame);
      highlights?.delete('search-match');
    };
  }, [editor, words, ready]);
  return null;
}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

function findRanges(root: HTMLElement, words: string[]): Range[] {
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    // Fold character by character so offsets in the folded text map back to the original.
    let folded = '';
    const origin: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const f = fold(text[i]!);
      for (let k = 0; k < f.length; k++) origin.push(i);
      folded += f;
    }
    for (const word of words) {
      for (let at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + word.length)) {
        const range = document.createRange();
        range.setStart(node, origin[at]!);
        range.setEnd(node, origin[at + word.length - 1]! + 1);
        ranges.push(range);
      }
    }
  }
  return ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
}
