import { describe, expect, it } from 'vitest';
import type { DerivedIndex } from './types';
import { createDerivedSlot } from './derivedSlot';

/** A stand-in index: the slot only forwards, so its own behaviour is what is tested here. */
function fakeIndex(seq: number, pages: string[]) {
  const listeners = new Set<Parameters<DerivedIndex['onChange']>[0]>();
  let closed = false;
  const index: DerivedIndex = {
    seq: () => seq,
    state: () => ({ kind: 'ready' }),
    pages: async () => ({ pages: pages.map((id) => [id, { preview: [], mentions: {}, contacts: [], followUps: [], askNext: [] }]), next: null }),
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: async () => void (closed = true),
  };
  return { index, emit: (s: number) => listeners.forEach((l) => l({ seq: s, pages: [], state: { kind: 'ready' } })), closed: () => closed, listeners };
}

describe('derived index slot (the index comes and goes with the store process)', () => {
  it('waits for an index instead of answering "no facts", and keeps listeners across restarts', async () => {
    const slot = createDerivedSlot(5_000);
    const heard: number[] = [];
    slot.onChange((c) => heard.push(c.seq));
    const early = slot.pages(undefined, 10);
    const first = fakeIndex(3, ['note-a']);
    slot.attach(first.index);
    expect((await early).pages.map(([id]) => id)).toEqual(['note-a']);
    first.emit(4);
    slot.detach();
    first.emit(5); // a detached index is no longer heard
    expect(first.listeners.size).toBe(0);
    const second = fakeIndex(6, ['note-b']);
    slot.attach(second.index);
    second.emit(7);
    expect(heard).toEqual([4, 7]);
    expect(slot.seq()).toBe(6);
    await slot.close();
    expect(second.closed()).toBe(true);
  });

  it('fails plainly when no index comes back in time', async () => {
    const slot = createDerivedSlot(20);
    await expect(slot.pages(undefined, 10)).rejects.toThrow(/not running/);
  });
});
