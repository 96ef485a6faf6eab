import { describe, expect, it } from 'vitest';
import { isListeningPrompt, normalizePrompt } from './listeningPrompts';
import { fastest } from '../testing/fastest.testkit';



describe('listening prompts', () => {
  it('recognises a prompt whatever its case and trailing punctuation', () => {
    expect(isListeningPrompt('What to ask next time?')).toBe(true);
    expect(isListeningPrompt('what to ask next time ?!  ')).toBe(true);
    expect(isListeningPrompt('What to ask next time')).toBe(true);
    expect(isListeningPrompt('What to ask')).toBe(false);
    expect(normalizePrompt('  Hello. ')).toBe('hello');
  });

  it('reads a 50,000-character line in well under 50 ms', () => {
    // Every block of every page goes through this when facts are derived. A linear pass over
    // 50k characters takes < 1 ms here (50× headroom on a loaded 2-core machine); the old
    // trailing-punctuation pattern retried from every "?" and took ~3.7 s.
    const ms = fastest(() => {
      normalizePrompt(`${'?'.repeat(50_000)}x`);
      isListeningPrompt(`${'!'.repeat(50_000)}x`);
    });
    expect(ms).toBeLessThan(50);
  });
});
