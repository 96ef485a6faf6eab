import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { followUpDateText } from '../care/pageCareFacts';
import { extractFollowUps } from '../care/followUps';
import { parseDueDate } from '../care/dueDate';
import { appendBlocks, para, pageDocWith } from '../pages/pageDoc.testkit';
import { readPageBlocks, type Block } from '../pages/pageBlocks';
import { deriveFacts, EMPTY_FACTS, FACT_LIMITS, isEmptyFacts, readDerivedFacts, sameDerivedFacts } from './derivedFacts';
import { snippetToText } from '../pages/pageFacts';

const check = (checked: boolean, ...parts: (string | { m: string })[]): Block => ({ ...para(...parts), type: 'listitem', checked });

describe('deriveFacts', () => {
  it('reads preview, mention snippets, contacts, follow-ups and ask-next lines from a page doc', () => {
    const doc = pageDocWith('note-1', [
      para('Coffee with ', { m: 'person-ada' }, ' and we talked about ', { m: 'person-bob', about: true }),
      check(false, 'send ', { m: 'person-ada' }, ' the recipe next Tuesday'),
      { type: 'heading', inlines: [{ text: 'What to ask next time?' }] },
      para('how the exam went'),
    ]);
    const before = Y.encodeStateAsUpdate(doc);
    const f = deriveFacts('note-1', doc);
    expect(f.preview).toEqual(['Coffee with ', { p: 'person-ada' }, ' and we talked about ', { p: 'person-bob' }]);
    expect(Object.keys(f.mentions).sort()).toEqual(['person-ada', 'person-bob']);
    expect(f.contacts).toEqual(['person-ada']); // "about" is not contact
    expect(f.followUps).toHaveLength(1);
    expect(f.followUps[0]).toMatchObject({ personIds: ['person-ada'], checked: false, parts: ['send ', { p: 'person-ada' }, ' the recipe next Tuesday'] });
    expect(f.followUps[0]!.key.startsWith('note-1:')).toBe(true);
    expect(f.askNext).toEqual([['how the exam went']]);
    // Reading does not change the doc.
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('is empty for an empty doc', () => {
    const f = deriveFacts('day-2026-01-01', new Y.Doc());
    expect(f).toEqual(EMPTY_FACTS);
    expect(isEmptyFacts(f)).toBe(true);
  });

  it('carries no date, yet every due date can be worked out from it with the page\'s current date', () => {
    // The host's index re-derives a page only when its doc changes, not when its date does:
    // that is right only if the stored parts give the same due date as the full item would.
    const words = fc.constantFrom('next Tuesday', 'in 2 weeks', 'on the 14th', 'tomorrow', 'soon', 'by Friday', 'on March 3', '');
    const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(words, { minLength: 1, maxLength: 3 }), date, (items, pageDate) => {
        const blocks = items.map((w, i) => check(false, `call ${i} `, { m: 'person-ada' }, ` ${w}`));
        const facts = deriveFacts('p', pageDocWith('p', blocks));
        const full = extractFollowUps('p', pageDate, blocks, () => 'someone');
        expect(facts.followUps.map((f) => f.key)).toEqual(full.map((f) => f.key));
        expect(facts.followUps.map((f) => parseDueDate(followUpDateText(f.parts), pageDate))).toEqual(full.map((f) => f.due));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps every page small whatever is written on it', () => {
    const long = 'word '.repeat(2_000);
    const doc = new Y.Doc();
    const many = Array.from({ length: 400 }, (_, i) => `person-${i}`);
    appendBlocks(doc, [
      para(long, ...many.map((m) => ({ m }))),
      ...Array.from({ length: 300 }, (_, i) => check(false, `${long} ${i} `, { m: many[i % 10]! })),
      { type: 'heading', inlines: [{ text: 'What to ask next time?' }] },
      ...Array.from({ length: 100 }, () => para(long)),
    ]);
    const f = deriveFacts('note-big', doc);
    expect(Object.keys(f.mentions)).toHaveLength(FACT_LIMITS.mentions);
    expect(f.contacts).toHaveLength(FACT_LIMITS.mentions);
    expect(f.followUps).toHaveLength(FACT_LIMITS.followUps);
    expect(f.askNext).toHaveLength(FACT_LIMITS.askNextLines);
    const text = (parts: Parameters<typeof snippetToText>[0]) => snippetToText(parts, () => 'N');
    for (const fu of f.followUps) expect(text(fu.parts).length).toBeLessThanOrEqual(FACT_LIMITS.followUpChars + 4);
    for (const line of f.askNext) expect(text(line).length).toBeLessThanOrEqual(FACT_LIMITS.askNextChars + 2);
    expect(JSON.stringify(f).length).toBeLessThan(150_000);
    // The bounded follow-up keeps its key and its people.
    expect(f.followUps[0]!.personIds).toEqual([many[0]]);
  });

  it('round-trips the blocks the testkit writes (the layout readPageBlocks reads)', () => {
    const blocks = [para('a ', { m: 'person-x' }), check(true, 'b ', { m: 'person-y' })];
    expect(readPageBlocks(pageDocWith('p', blocks))).toEqual(blocks);
  });
});

describe('readDerivedFacts', () => {
  it('keeps well-formed facts and drops malformed fields one by one', () => {
    const good = deriveFacts('note-1', pageDocWith('note-1', [para('Hi ', { m: 'person-a' })]));
    expect(sameDerivedFacts(readDerivedFacts(JSON.parse(JSON.stringify(good))), good)).toBe(true);
    expect(readDerivedFacts(null)).toEqual(EMPTY_FACTS);
    expect(readDerivedFacts([1, 2])).toEqual(EMPTY_FACTS);
    expect(
      readDerivedFacts({
        preview: ['ok', 5, { p: 'person-a' }, { q: 1 }],
        mentions: ['not', 'a', 'map'],
        contacts: ['person-a', 3],
        followUps: [{ key: 'k', checked: 'yes' }, { key: 'k2', checked: true, parts: 'x', personIds: [1, 'person-b'] }],
        askNext: 'nope',
      }),
    ).toEqual({
      preview: ['ok', { p: 'person-a' }],
      mentions: {},
      contacts: ['person-a'],
      followUps: [{ key: 'k2', checked: true, parts: [], personIds: ['person-b'] }],
      askNext: [],
    });
  });

  it('does not read the internals of a shared type stored where plain JSON is expected', () => {
    expect(readDerivedFacts({ mentions: new Y.Map() }).mentions).toEqual({});
  });
});
