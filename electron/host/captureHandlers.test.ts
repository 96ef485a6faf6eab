import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import { createHostRouter } from '../../shared/host/router';
import { CAPTURE_DRAFT_MAX_CHARS, type CaptureDraft } from '../../shared/host/slices/capture';
import { createDraftKeeper } from '../../renderer/capture/draftKeeper';
import { createDraftStore } from '../services/desktop/drafts';
import { openMemoryStore } from '../services/store';
import type { JournalStore } from '../services/store/types';
import { createCaptureHandlers, type CaptureServices } from './captureHandlers';
import { createHostHandlers } from './handlers';

/**
 * `capture.*` through the real router (schemas) and handlers, over the real draft file in a
 * temporary folder: what a window sends is checked, kept on disk, and read back by a new host on
 * the same folder (a restart).
 */

let dir: string;
let file: string;
let stores: JournalStore[] = [];
const ctx: CallContext = { clientId: 'capture-1' };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kindred-capture-'));
  file = path.join(dir, 'capture-draft.json');
});

afterEach(async () => {
  for (const s of stores) await s.close();
  stores = [];
  await rm(dir, { recursive: true, force: true });
});

/** A host as the web host builds it: the full handler set, this slice wired to the draft file. */
async function startHost(capture: CaptureServices | undefined) {
  const store = await openMemoryStore();
  stores.push(store);
  const set = createHostHandlers({
    appInfo: { name: 'Kindred', version: '0.0.0-test', platform: 'linux', host: 'web' },
    openExternal: async () => undefined,
    showNotification: async () => 'banner',
    windowReadyToClose: () => undefined,
    store,
    derived: null,
    capture,
    log: () => undefined,
    emitTo: () => undefined,
    emitAll: () => undefined,
  });
  const router = createHostRouter(set.handlers);
  return { call: (method: string, params: unknown) => router.handle(method, params, ctx), dispose: () => set.dispose() };
}

const webCapture = (): CaptureServices => ({ drafts: createDraftStore(file), hide: async () => false });

const draft = (over: Partial<CaptureDraft> = {}): CaptureDraft => ({
  version: 1,
  editorState: JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'Tea with Ana' }] }] } }),
  mode: 'note',
  updatedAt: 1_764_000_000_000,
  ...over,
});

describe('capture.* handlers', () => {
  it('keeps, returns and clears the draft; a restarted host reads it back', async () => {
    const host = await startHost(webCapture());
    expect(await host.call('capture.draft.get', {})).toEqual({ draft: null });
    expect(await host.call('capture.draft.save', { draft: draft({ mode: 'today' }) })).toEqual({ saved: true });
    expect(await host.call('capture.draft.get', {})).toEqual({ draft: draft({ mode: 'today' }) });
    host.dispose();

    const restarted = await startHost(webCapture());
    expect(await restarted.call('capture.draft.get', {})).toEqual({ draft: draft({ mode: 'today' }) });
    expect(await restarted.call('capture.draft.clear', {})).toEqual({ cleared: true });
    expect(await restarted.call('capture.draft.get', {})).toEqual({ draft: null });
    restarted.dispose();
  });

  it('refuses bad drafts with a specific error and leaves the kept one as it was', async () => {
    const host = await startHost(webCapture());
    await host.call('capture.draft.save', { draft: draft() });
    const before = await readFile(file, 'utf8');
    const refusals: Array<[unknown, RegExp]> = [
      [{ draft: draft({ mode: 'journal' as never }) }, /draft\.mode/],
      [{ draft: draft({ editorState: 'not json' }) }, /not a Lexical editor state/],
      [{ draft: draft({ editorState: '{"nope":1}' }) }, /not a Lexical editor state/],
      [{ draft: draft({ editorState: `{"root":{},"pad":"${'x'.repeat(CAPTURE_DRAFT_MAX_CHARS)}"}` }) }, /at most 2097152 characters/],
      [{ draft: { ...draft(), version: 2 } }, /draft\.version/],
      [{ draft: { ...draft(), extra: true } }, /draft/],
      [{ draft: draft({ updatedAt: -1 }) }, /draft\.updatedAt/],
      [{}, /draft/],
    ];
    for (const [params, message] of refusals) {
      const err = await host.call('capture.draft.save', params).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostError);
      expect((err as HostError).code).toBe('bad_request');
      expect((err as HostError).message).toMatch(message);
    }
    expect(await readFile(file, 'utf8')).toBe(before);
    host.dispose();
  });

  it('a draft the file store refuses (over 2 MB once encoded) is refused in plain words, nothing changed', async () => {
    const host = await startHost(webCapture());
    await host.call('capture.draft.save', { draft: draft() });
    const before = await readFile(file, 'utf8');
    // Under the character limit, over the byte limit: every "é" is two bytes in UTF-8.
    const big = `{"root":{},"pad":"${'é'.repeat(CAPTURE_DRAFT_MAX_CHARS / 2 + 10)}"}`;
    const err = await host.call('capture.draft.save', { draft: draft({ editorState: big }) }).catch((e: unknown) => e);
    expect((err as HostError).code).toBe('refused');
    expect((err as HostError).message).toMatch(/The draft was not kept: .*2 MB/);
    expect(await readFile(file, 'utf8')).toBe(before);
    host.dispose();
  });

  it('a damaged draft file reads as no draft (the file is set aside, not deleted)', async () => {
    await writeFile(file, '{"version":1,"editorSt');
    const host = await startHost(webCapture());
    expect(await host.call('capture.draft.get', {})).toEqual({ draft: null });
    host.dispose();
  });

  it('hide asks the host for the calling window; the web host cannot hide a tab', async () => {
    const asked: string[] = [];
    const host = await startHost({ drafts: createDraftStore(file), hide: async (id) => (asked.push(id), true) });
    expect(await host.call('capture.hide', {})).toEqual({ hidden: true });
    expect(asked).toEqual(['capture-1']);
    host.dispose();
    const web = await startHost(webCapture());
    expect(await web.call('capture.hide', {})).toEqual({ hidden: false });
    web.dispose();
  });

  it('a host without capture services has no draft, refuses to keep one, and hides nothing', async () => {
    const host = await startHost(undefined);
    expect(await host.call('capture.draft.get', {})).toEqual({ draft: null });
    const err = await host.call('capture.draft.save', { draft: draft() }).catch((e: unknown) => e);
    expect((err as HostError).code).toBe('unavailable');
    expect(await host.call('capture.hide', {})).toEqual({ hidden: false });
    host.dispose();
    expect(createCaptureHandlers(undefined)).toHaveProperty('capture.draft.clear');
  });

  it('typing kept by the window’s debounced keeper survives a host restart', async () => {
    const host = await startHost(webCapture());
    const keeper = createDraftKeeper({
      save: async (d) => void (await host.call('capture.draft.save', { draft: d })),
      clear: async () => void (await host.call('capture.draft.clear', {})),
      delayMs: 10,
    });
    const states = ['T', 'Te', 'Tea', 'Tea with Ana'].map((text) =>
      JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text }] }] } }),
    );
    for (const s of states) keeper.change(s, 'today');
    await keeper.flush();
    keeper.dispose();
    host.dispose();
    const restarted = await startHost(webCapture());
    const got = (await restarted.call('capture.draft.get', {})) as { draft: CaptureDraft };
    expect(got.draft).toMatchObject({ version: 1, editorState: states[3], mode: 'today' });
    restarted.dispose();
  });
});
