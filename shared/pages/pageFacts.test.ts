import { describe, expect, it } from 'vitest';
import type { SnippetPart } from '../domain/types';
import type { Block, Inline } from './pageBlocks';
import { blocksToText, derivePageFacts, sameFacts, snippetToText } from './pageFacts';

const t = (text: string): Inline => ({ text });
const m = (mention: string): Inline => ({ mention });
const para = (...inlines: Inline[]): Block => ({ type: 'paragraph', inlines });

const names: Record<string, string> = { 'person-ada': 'Ada', 'person-bob': 'Bob', 'person-cy': 'Cy' };
const nameOf = (id: string) => names[id] ?? '?';
const text = (parts: SnippetPart[]) => snippetToText(parts, nameOf);

/** Forty-odd words of filler, so clipping has somewhere to cut. */
const WORDS = Array.from({ length: 60 }, (_, i) => `word${i}`);
const LONG = WORDS.join(' ');

describe('derivePageFacts: preview', () => {
  it('is empty for an empty page and skips blank blocks', () => {
    expect(derivePageFacts([])).toEqual({ preview: [], mentions: {} });
    const facts = derivePageFacts([para(), para(t('   ')), { type: 'listitem', inlines: [] }, para(t('Second line'))]);
    expect(facts.preview).toEqual(['Second line']);
  });

  it('is the first non-empty block only, with whitespace collapsed', () => {
    const facts = derivePageFacts([
      { type: 'heading', inlines: [t('  Lunch \n with\tfriends ')] },
      para(t('Not in the preview')),
    ]);
    expect(facts.preview).toEqual(['Lunch with friends']);
  });

  it('clips long text at a word boundary near 140 chars and adds an ellipsis', () => {
    const [preview] = derivePageFacts([para(t(LONG))]).preview as [string];
    expect(preview.endsWith('…')).toBe(true);
    const body = preview.slice(0, -1);
    expect(body.length).toBeLessThanOrEqual(140);
    expect(body.length).toBeGreaterThan(100);
    // Ends on a whole word of the source and is a prefix of it.
    expect(LONG.startsWith(body)).toBe(true);
    expect(WORDS).toContain(body.split(' ').pop());
    expect(LONG[body.length]).toBe(' ');
  });

  it('does not clip text that fits', () => {
    const short = WORDS.slice(0, 10).join(' ');
    expect(derivePageFacts([para(t(short))]).preview).toEqual([short]);
  });

  it('keeps a block starting with a mention and counts mentions in the budget', () => {
    expect(derivePageFacts([para(m('person-ada'), t(' called'))]).preview).toEqual([{ p: 'person-ada' }, ' called']);
  });

  it('marks a cut that falls right after a mention with an ellipsis too', () => {
    const filler = 'ab '.repeat(44); // 132 chars, then a mention uses up the rest of the budget
    const { preview } = derivePageFacts([para(t(filler), m('person-ada'), t(' and a lot more to say'))]);
    expect(preview.slice(0, 2)).toEqual([filler, { p: 'person-ada' }]);
    expect(text(preview).endsWith('…')).toBe(true);
    expect(text(preview)).not.toContain('more');
  });
});

describe('derivePageFacts: mentions', () => {
  it('maps each person to the text around their mention, spaces intact', () => {
    const facts = derivePageFacts([para(t('Coffee with '), m('person-ada'), t(' at the station.'))]);
    expect(facts.mentions).toEqual({ 'person-ada': ['Coffee with ', { p: 'person-ada' }, ' at the station.'] });
    expect(text(facts.mentions['person-ada']!)).toBe('Coffee with @Ada at the station.');
  });

  it('clips long context before and after at word edges with ellipses', () => {
    const before = WORDS.slice(0, 30).join(' ') + ' ';
    const after = ' ' + WORDS.slice(30).join(' ');
    const snippet = derivePageFacts([para(t(before), m('person-ada'), t(after))]).mentions['person-ada']!;
    expect(snippet).toHaveLength(3);
    const [head, mention, tail] = snippet as [string, SnippetPart, string];
    expect(mention).toEqual({ p: 'person-ada' });
    expect(head.startsWith('…')).toBe(true);
    expect(head.length).toBeLessThanOrEqual(51);
    expect(before.endsWith(head.slice(1))).toBe(true);
    expect(WORDS).toContain(head.slice(1).split(' ')[0]);
    expect(tail.endsWith('…')).toBe(true);
    expect(tail.length).toBeLessThanOrEqual(91);
    expect(after.startsWith(tail.slice(0, -1))).toBe(true);
    expect(WORDS).toContain(tail.slice(0, -1).split(' ').pop());
  });

  it('keeps the FIRST mention of a person; a later one does not replace it', () => {
    const facts = derivePageFacts([
      para(t('First saw '), m('person-ada'), t(' in spring.')),
      para(t('Then '), m('person-ada'), t(' again in autumn.')),
    ]);
    expect(text(facts.mentions['person-ada']!)).toBe('First saw @Ada in spring.');
  });

  it('keeps the first mention within one block too', () => {
    const facts = derivePageFacts([para(m('person-ada'), t(' met '), m('person-bob'), t(' and then '), m('person-ada'))]);
    expect(facts.mentions['person-ada']).toEqual([{ p: 'person-ada' }, ' met ', { p: 'person-bob' }, ' and then ', { p: 'person-ada' }]);
    expect(text(facts.mentions['person-ada']!)).toBe('@Ada met @Bob and then @Ada');
  });

  it('keeps other people inside the window as {p} parts', () => {
    const facts = derivePageFacts([para(t('Dinner with '), m('person-bob'), t(' and '), m('person-ada'), t(', then '), m('person-cy'), t(' joined.'))]);
    expect(facts.mentions['person-ada']).toEqual(['Dinner with ', { p: 'person-bob' }, ' and ', { p: 'person-ada' }, ', then ', { p: 'person-cy' }, ' joined.']);
    expect(Object.keys(facts.mentions).sort()).toEqual(['person-ada', 'person-bob', 'person-cy']);
    expect(text(facts.mentions['person-cy']!)).toBe('Dinner with @Bob and @Ada, then @Cy joined.');
  });

  it('marks context left out before the window even when the cut falls on a mention', () => {
    const crowd = ['person-1', 'person-2', 'person-3', 'person-4', 'person-5', 'person-6'];
    const facts = derivePageFacts([para(t('Party: '), ...crowd.map(m), m('person-ada'))]);
    const snippet = facts.mentions['person-ada']!;
    expect(snippet[0]).toBe('…');
    expect(snippet.slice(-1)).toEqual([{ p: 'person-ada' }]);
    expect(snippet).not.toContain('Party: ');
    expect(facts.mentions['person-1']).toEqual(['Party: ', ...crowd.map((p) => ({ p })), { p: 'person-ada' }]);
  });

  it('takes context only from the mention’s own block', () => {
    const facts = derivePageFacts([para(t('Earlier paragraph.')), para(m('person-ada'), t(' waved.')), para(t('Later.'))]);
    expect(facts.mentions['person-ada']).toEqual([{ p: 'person-ada' }, ' waved.']);
  });
});

describe('blocksToText / sameFacts', () => {
  it('renders blocks line by line with mentions as @Name', () => {
    const blocks: Block[] = [
      { type: 'heading', inlines: [t('Trip')] },
      para(t('With '), m('person-ada'), t(' and '), m('person-zed')),
      { type: 'listitem', checked: true, inlines: [t('tickets')] },
    ];
    expect(blocksToText(blocks, nameOf)).toBe('Trip\nWith @Ada and @?\ntickets');
  });

  it('compares facts by value', () => {
    const a = derivePageFacts([para(t('Hi '), m('person-ada'))]);
    expect(sameFacts(a, derivePageFacts([para(t('Hi '), m('person-ada'))]))).toBe(true);
    expect(sameFacts(a, derivePageFacts([para(t('Hi '), m('person-bob'))]))).toBe(false);
  });
});
