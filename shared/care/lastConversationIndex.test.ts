import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastConversationDates, type ConversationPerson, type PageMetaLike } from './lastConversation';
import { LastConversationIndex } from './lastConversationIndex';

const PEOPLE = ['p1', 'p2', 'p3', 'p4'];
const DAYS = ['2026-01-01', '2026-02-10', '2026-03-05', '2026-11-30', '2027-01-01', 'not-a-date'];

const pageArb = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  kind: fc.constantFrom('journal', 'conversation', 'person'),
  date: fc.constantFrom(...DAYS),
  contacts: fc.array(fc.constantFrom(...PEOPLE), { maxLength: 4 }),
});
type Step = { op: 'set'; page: PageMetaLike } | { op: 'delete'; id: string } | { op: 'manual'; person: string; day: string } | { op: 'today'; day: string };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  pageArb.map((page) => ({ op: 'set' as const, page })),
  fc.constantFrom('a', 'b', 'c').map((id) => ({ op: 'delete' as const, id })),
  fc.record({ person: fc.constantFrom(...PEOPLE), day: fc.constantFrom(...DAYS) }).map((r) => ({ op: 'manual' as const, ...r })),
  fc.constantFrom('2026-02-10', '2026-11-30', '2027-06-01').map((day) => ({ op: 'today' as const, day })),
);

describe('LastConversationIndex', () => {
  it('answers exactly as lastConversationDates after any sequence of edits (snapshots reuse unchanged pages)', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const index = new LastConversationIndex();
        let pages = new Map<string, PageMetaLike>();
        let people: ConversationPerson[] = PEOPLE.map((personId) => ({ personId, manualContacts: [] }));
        let today = '2026-11-30';
        for (const step of steps) {
          // Each step makes a new snapshot, as the registry view does: a new Map, same objects
          // for pages that did not change.
          if (step.op === 'set') (pages = new Map(pages)).set(step.page.id, { ...step.page });
          else if (step.op === 'delete') (pages = new Map(pages)).delete(step.id);
          else if (step.op === 'manual')
            people = people.map((p) => (p.personId === step.person ? { ...p, manualContacts: [...p.manualContacts, step.day] } : p));
          else today = step.day;
          index.update(pages);
          expect(index.lastForAll(people, today)).toEqual(lastConversationDates(pages.values(), people, today));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('re-reads nothing when handed the same page map again', () => {
    const index = new LastConversationIndex();
    const page = { id: 'a', kind: 'journal', date: '2026-01-01', contacts: ['p1'] };
    const pages = new Map([['a', page]]);
    index.update(pages);
    // Mutating the object behind the index's back is invisible: it only re-reads changed objects.
    page.contacts = ['p2'];
    index.update(pages);
    expect(index.lastFor({ personId: 'p1', manualContacts: [] }, '2026-11-30')).toBe('2026-01-01');
  });
});
