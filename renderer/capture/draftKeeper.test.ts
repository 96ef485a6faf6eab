import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaptureDraft } from '../../shared/host/slices/capture';
import { DRAFT_DELAY_MS, createDraftKeeper } from './draftKeeper';

/**
 * The debounce is timing, so these tests run on vitest's fake timers (the only thing faked); the
 * host writes are real promises whose completion each test controls, so overlapping writes are
 * exercised in every order.
 */

afterEach(() => {
  vi.useRealTimers();
});

/** A host whose draft writes finish when the test says so. */
function slowHost() {
  const disk: { draft: CaptureDraft | null } = { draft: null };
  const inFlight: Array<{ draft: CaptureDraft | null; finish(ok?: boolean): void }> = [];
  const write = (draft: CaptureDraft | null): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      inFlight.push({
        draft,
        finish(ok = true) {
          if (!ok) return reject(new Error('The disk is full.'));
          disk.draft = draft;
          resolve();
        },
      });
    });
  return {
    disk,
    inFlight,
    save: (d: CaptureDraft) => write(d),
    clear: () => write(null),
    /** Finishes every write in order, including ones started meanwhile. */
    async drain(): Promise<void> {
      for (let i = 0; i < 100 && inFlight.length > 0; i++) {
        inFlight.shift()!.finish();
        await vi.advanceTimersByTimeAsync(0);
      }
    },
  };
}

describe('createDraftKeeper', () => {
  it('writes once per burst of typing, after the pause, with the newest state', async () => {
    vi.useFakeTimers();
    const saves: CaptureDraft[] = [];
    const keeper = createDraftKeeper({ save: async (d) => void saves.push(d), clear: async () => undefined, now: () => 42 });
    for (const text of ['a', 'ab', 'abc']) {
      keeper.change(text, 'note');
      await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS - 1);
    }
    expect(saves).toEqual([]);
    expect(keeper.dirty()).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toEqual([{ version: 1, editorState: 'abc', mode: 'note', updatedAt: 42 }]);
    expect(keeper.dirty()).toBe(false);
  });

  it('flush (Esc) writes at once and resolves when it is on disk', async () => {
    vi.useFakeTimers();
    const host = slowHost();
    const keeper = createDraftKeeper({ save: host.save, clear: host.clear });
    keeper.change('draft', 'today');
    let flushed = false;
    const flushing = keeper.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(host.inFlight).toHaveLength(1);
    expect(flushed).toBe(false);
    host.inFlight.shift()!.finish();
    await flushing;
    expect(host.disk.draft).toMatchObject({ editorState: 'draft', mode: 'today' });
    // Nothing more was waiting: the debounce timer was cancelled.
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS * 2);
    expect(host.inFlight).toHaveLength(0);
  });

  it('a failed write is kept and written by the next flush; the error is reported', async () => {
    vi.useFakeTimers();
    const host = slowHost();
    const errors: unknown[] = [];
    let recovered = 0;
    const keeper = createDraftKeeper({ save: host.save, clear: host.clear, onError: (e) => errors.push(e), onRecovered: () => recovered++ });
    keeper.change('precious', 'note');
    const first = keeper.flush();
    await vi.advanceTimersByTimeAsync(0);
    host.inFlight.shift()!.finish(false);
    await expect(first).rejects.toThrow('The disk is full.');
    expect(errors).toHaveLength(1);
    expect(keeper.dirty()).toBe(true);
    const second = keeper.flush();
    await vi.advanceTimersByTimeAsync(0);
    host.inFlight.shift()!.finish();
    await second;
    expect(host.disk.draft?.editorState).toBe('precious');
    expect(recovered).toBe(1);
  });

  it('clear wins over a write in flight and over one waiting: a saved capture never comes back', async () => {
    vi.useFakeTimers();
    const host = slowHost();
    const keeper = createDraftKeeper({ save: host.save, clear: host.clear });
    keeper.change('one', 'note');
    void keeper.flush();
    await vi.advanceTimersByTimeAsync(0);
    keeper.change('two', 'note'); // waiting on the debounce
    const clearing = keeper.clear();
    await host.drain();
    await clearing;
    await vi.advanceTimersByTimeAsync(DRAFT_DELAY_MS * 2);
    await host.drain();
    expect(host.disk.draft).toBeNull();
  });

  it('whatever the order of typing, pauses, flushes and slow writes, the last change is what ends on disk', async () => {
    vi.useFakeTimers();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('type' as const), text: fc.string({ maxLength: 4 }), today: fc.boolean() }),
            fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 2 * DRAFT_DELAY_MS }) }),
            fc.record({ kind: fc.constant('flush' as const) }),
            fc.record({ kind: fc.constant('finishOne' as const) }),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        async (steps) => {
          const host = slowHost();
          const keeper = createDraftKeeper({ save: host.save, clear: host.clear });
          let last: { text: string; mode: string } | null = null;
          for (const step of steps) {
            if (step.kind === 'type') {
              keeper.change(step.text, step.today ? 'today' : 'note');
              last = { text: step.text, mode: step.today ? 'today' : 'note' };
            } else if (step.kind === 'wait') await vi.advanceTimersByTimeAsync(step.ms);
            else if (step.kind === 'flush') void keeper.flush().catch(() => undefined);
            else {
              host.inFlight.shift()?.finish();
              await vi.advanceTimersByTimeAsync(0);
            }
          }
          void keeper.flush();
          await vi.advanceTimersByTimeAsync(0);
          await host.drain();
          expect(keeper.dirty()).toBe(false);
          if (last) expect(host.disk.draft).toMatchObject({ editorState: last.text, mode: last.mode });
          else expect(host.disk.draft).toBeNull();
          keeper.dispose();
        },
      ),
      { numRuns: 150 },
    );
  });
});
