import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setCheckIn } from '../../shared/care/careStore';
import { deletePage, deletePerson, restoreFromTrash } from '../../shared/domain/trash';
import type { DerivedPageFacts } from '../../shared/domain/types';
import { createConversation, createPerson, setPageFields } from '../../shared/domain/workspace';
import { createWorkspaceView } from '../state/workspaceView';
import { ReachOutFollower } from './careModel';

/**
 * Reach out follows the registry incrementally (only the pages a snapshot says changed are read
 * again): after any sequence of edits it must equal what a fresh follower computes from scratch.
 */
const DATES = ['2026-10-01', '2026-11-02', '2026-11-20', '2026-12-05'];
type Step =
  | { op: 'facts'; page: number; contacts: number[]; followUp: null | { who: number; words: string; checked: boolean } }
  | { op: 'date'; page: number; date: string }
  | { op: 'trashPage' | 'restorePage'; page: number }
  | { op: 'trashPerson' | 'restorePerson'; person: number }
  | { op: 'checkIn'; person: number; every: number };

const idx = fc.integer({ min: 0, max: 5 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('facts' as const),
    page: idx,
    contacts: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
    followUp: fc.option(fc.record({ who: fc.integer({ min: 0, max: 3 }), words: fc.constantFrom('call next week', 'send the book by Friday', 'lunch'), checked: fc.boolean() }), { nil: null }),
  }),
  fc.record({ op: fc.constant('date' as const), page: idx, date: fc.constantFrom(...DATES) }),
  fc.record({ op: fc.constantFrom('trashPage' as const, 'restorePage' as const), page: idx }),
  fc.record({ op: fc.constantFrom('trashPerson' as const, 'restorePerson' as const), person: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant('checkIn' as const), person: fc.integer({ min: 0, max: 3 }), every: fc.integer({ min: 1, max: 3 }) }),
);

describe('Reach out, followed incrementally', () => {
  it('equals a fresh computation after every edit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const ws = new Y.Doc();
        const stamp = { now: 1, deviceId: 'd' };
        const people = ['Ana', 'Ben', 'Cleo', 'Dev'].map((n) => createPerson(ws, n, '2026-01-01', stamp).id);
        const pages = DATES.concat(DATES.slice(0, 2)).map((d) => createConversation(ws, d, '', stamp));
        const facts = new Map<string, DerivedPageFacts>();
        const listeners = new Set<(changed: ReadonlySet<string>) => void>();
        const view = createWorkspaceView(ws, { get: (id) => facts.get(id), subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) });
        const follower = new ReachOutFollower();
        try {
          for (const step of steps) {
            try {
              if (step.op === 'facts') {
                const id = pages[step.page]!;
                const contacts = step.contacts.map((i) => people[i]!);
                const f = step.followUp;
                facts.set(id, {
                  preview: ['x'],
                  mentions: {},
                  contacts,
                  followUps: f ? [{ key: `${id}:k`, parts: [f.words, ' with ', { p: people[f.who]! }], personIds: [people[f.who]!], checked: f.checked }] : [],
                  askNext: [],
                });
                listeners.forEach((l) => l(new Set([id])));
              } else if (step.op === 'date') setPageFields(ws, pages[step.page]!, { date: step.date }, 2);
              else if (step.op === 'trashPage') deletePage(ws, pages[step.page]!, 3);
              else if (step.op === 'restorePage') restoreFromTrash(ws, pages[step.page]!);
              else if (step.op === 'trashPerson') deletePerson(ws, people[step.person]!, 3);
              else if (step.op === 'restorePerson') restoreFromTrash(ws, people[step.person]!);
              else if (step.op === 'checkIn') setCheckIn(ws, people[step.person]!, { every: step.every, unit: 'weeks' }, '2026-09-01');
            } catch {
              // Refused (already in Trash, nothing to restore): nothing changed, as in the app.
            }
            await new Promise<void>((r) => queueMicrotask(r));
            const snapshot = view.getSnapshot();
            expect(follower.reachOutOf(snapshot, '2026-11-30')).toEqual(new ReachOutFollower().reachOutOf(snapshot, '2026-11-30'));
          }
        } finally {
          view.dispose();
        }
      }),
      { numRuns: 60 },
    );
  });
});
