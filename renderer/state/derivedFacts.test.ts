import { describe, expect, it } from 'vitest';
import { EMPTY_FACTS } from '../../shared/domain/derivedFacts';
import type { DerivedPageFacts } from '../../shared/domain/types';
import type { DerivedIndexState } from '../../shared/host/slices/derived';
import { createDerivedFacts, type DerivedSource } from './derivedFacts';

/**
 * The renderer's copy of the derived index against a scripted source standing in for the host
 * (the host side is tested in electron/services/derived and over the contract by its owner).
 */
type Change = { seq: number; pages: [string, unknown][]; state: DerivedIndexState };
const facts = (preview: string): DerivedPageFacts => ({ ...EMPTY_FACTS, preview: [preview] });
const ready: DerivedIndexState = { kind: 'ready' };

function scripted(all: [string, DerivedPageFacts][], seq: number) {
  const listeners = new Set<(c: Change) => void>();
  const calls: { after: string | undefined; limit: number }[] = [];
  let gate: Promise<void> = Promise.resolve();
  const source: DerivedSource = {
    async pages(after, limit) {
      calls.push({ after, limit });
      const from = after === undefined ? 0 : all.findIndex(([id]) => id === after) + 1;
      const slice = all.slice(from, from + limit);
      await gate;
      return { seq, pages: slice, next: from + limit < all.length ? slice[slice.length - 1]![0] : null, state: ready };
    },
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  return {
    source,
    calls,
    send: (c: Change) => listeners.forEach((l) => l(c)),
    hold(): () => void {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return release;
    },
  };
}

describe('derived facts in the renderer', () => {
  it('loads every page in pages of the given size, then follows events', async () => {
    const all = Array.from({ length: 7 }, (_, i): [string, DerivedPageFacts] => [`note-${i}`, facts(`p${i}`)]);
    const s = scripted(all, 10);
    const derived = createDerivedFacts(s.source, { pageSize: 3 });
    expect(derived.state()).toEqual({ kind: 'loading' });
    const heard: string[][] = [];
    derived.subscribe((ids) => heard.push([...ids]));
    await derived.loaded;
    expect(s.calls).toEqual([
      { after: undefined, limit: 3 },
      { after: 'note-2', limit: 3 },
      { after: 'note-5', limit: 3 },
    ]);
    expect(derived.get('note-6')?.preview).toEqual(['p6']);
    expect(derived.state()).toEqual(ready);
    // Heard page by page (each in its own task at start-up), every id once.
    expect(heard.map((ids) => ids.length)).toEqual([3, 3, 1]);
    expect(heard.flat().sort()).toEqual(all.map(([id]) => id).sort());

    s.send({ seq: 11, pages: [['note-1', facts('edited')], ['note-2', null]], state: ready });
    expect(derived.get('note-1')?.preview).toEqual(['edited']);
    expect(derived.get('note-2')).toBeUndefined();
    expect(heard[3]?.sort()).toEqual(['note-1', 'note-2']);
  });

  it('an event during the load is not undone by the older page that arrives after it', async () => {
    const s = scripted([['note-a', facts('old')], ['note-b', facts('old b')]], 5);
    const release = s.hold();
    const derived = createDerivedFacts(s.source);
    // The host changed note-a (seq 6) and removed note-b's facts while the load was in flight.
    s.send({ seq: 6, pages: [['note-a', facts('new')], ['note-b', null]], state: ready });
    release();
    await derived.loaded;
    expect(derived.get('note-a')?.preview).toEqual(['new']);
    expect(derived.get('note-b')).toBeUndefined();
  });

  it('reads what arrives defensively and reports rebuild progress and failures', async () => {
    const s = scripted([['note-a', { preview: ['ok', 7], mentions: 'nope' } as unknown as DerivedPageFacts]], 1);
    const derived = createDerivedFacts(s.source);
    await derived.loaded;
    expect(derived.get('note-a')).toEqual({ ...EMPTY_FACTS, preview: ['ok'] });
    s.send({ seq: 2, pages: [], state: { kind: 'rebuilding', done: 3, total: 10 } });
    expect(derived.state()).toEqual({ kind: 'rebuilding', done: 3, total: 10 });

    const failing: DerivedSource = { pages: () => Promise.reject(new Error('host gone')), subscribe: () => () => undefined };
    const broken = createDerivedFacts(failing);
    await broken.loaded;
    expect(broken.state()).toEqual({ kind: 'failed', message: 'host gone' });
    expect(broken.get('note-a')).toBeUndefined();
  });

  it('stops listening when disposed', async () => {
    const s = scripted([], 1);
    const derived = createDerivedFacts(s.source);
    await derived.loaded;
    derived.dispose();
    s.send({ seq: 2, pages: [['note-a', facts('late')]], state: ready });
    expect(derived.get('note-a')).toBeUndefined();
  });
});
