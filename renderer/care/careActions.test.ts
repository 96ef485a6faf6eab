import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, initWorkspace } from '../../shared/domain/workspace';
import { readPageBlocks } from '../../shared/pages/pageBlocks';
import { startTestJournal } from '../state/derivedFacts.testkit';
import { startPageFactsUpdater } from '../storage/pageFactsUpdater';
import type { AppServices } from '../state/AppServices';
import { createWorkspaceView } from '../state/workspaceView';
import { followUpsOf } from './careModel';
import { introduce, logCheckIn, setFollowUpChecked, startConversationNote } from './careActions';

const disposers: (() => unknown)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

/**
 * The real storage and registry stack (fake-indexeddb stands in for the browser's IndexedDB):
 * list facts come from the host's real derived index over the test host's store.
 */
async function services(today = '2026-11-23') {
  const ws = new Y.Doc();
  initWorkspace(ws);
  const journal = await startTestJournal();
  const docs = journal.win.docs;
  const updater = startPageFactsUpdater(ws, docs, () => Date.parse(`${today}T12:00:00Z`));
  const view = createWorkspaceView(ws, journal.facts);
  disposers.push(() => updater.stop(), () => view.dispose(), () => journal.dispose());
  const s = { ws, docs, view, deviceId: 'dev-a', now: () => new Date(`${today}T12:00:00`) } as unknown as AppServices;
  const person = (name: string) => createPerson(ws, name, today, { now: 1, deviceId: 'dev-a' }).id;
  const settle = () => journal.settled();
  return { s, ws, docs, person, settle };
}

describe('care actions write real notes', () => {
  it('an introduction mentions both as "talked about", records them, and asks how it went in 2 weeks', async () => {
    const { s, person, settle } = await services();
    const maria = person('Maria');
    const sam = person('Sam');
    const id = await introduce(s, { a: maria, b: sam, why: 'both love pottery' }, true);
    await settle();
    const meta = s.view.getSnapshot().pages.get(id)!;
    expect(meta.introduction).toEqual({ a: maria, b: sam, why: 'both love pottery' });
    expect(Object.keys(meta.mentions).sort()).toEqual([maria, sam].sort());
    expect(meta.contacts).toEqual([]); // introducing is not a conversation with them
    const [followUp] = followUpsOf(s.view.getSnapshot());
    expect(followUp).toMatchObject({ pageId: id, personIds: [maria, sam], checked: false, due: '2026-12-07' });
    expect(followUp!.text).toBe('Ask @Maria and @Sam how it went in 2 weeks');
  });

  it('ticking a follow-up from outside the note ticks it in the note, and back', async () => {
    const { s, docs, person, settle } = await services();
    const maria = person('Maria');
    const id = await introduce(s, { a: maria, b: person('Sam'), why: '' }, true);
    await settle();
    const key = followUpsOf(s.view.getSnapshot())[0]!.key;
    expect(await setFollowUpChecked(s, id, key, true)).toBe(true);
    await settle();
    const doc = await docs.loadDoc(id);
    expect(readPageBlocks(doc).find((b) => b.type === 'listitem')?.checked).toBe(true);
    expect(followUpsOf(s.view.getSnapshot())[0]!.checked).toBe(true);
    expect(await setFollowUpChecked(s, id, key, false)).toBe(true);
    await settle();
    expect(followUpsOf(s.view.getSnapshot())[0]!.checked).toBe(false);
    expect(await setFollowUpChecked(s, id, 'gone:key', true)).toBe(false);
  });

  it('logging a check-in writes a note *with* the person (it counts as contact) and the listening prompts', async () => {
    const { s, docs, person, settle } = await services();
    const maria = person('Maria');
    const id = await logCheckIn(s, maria);
    await settle();
    expect(s.view.getSnapshot().pages.get(id)).toMatchObject({ kind: 'conversation', date: '2026-11-23', contacts: [maria] });
    const headings = readPageBlocks(await docs.loadDoc(id)).filter((b) => b.type === 'heading');
    expect(headings.map((h) => ('text' in h.inlines[0]! ? h.inlines[0].text : ''))).toContain('What to ask next time?');
  });

  it('listening prompts can be switched off', async () => {
    const { s, ws, docs, settle } = await services();
    ws.getMap('settings').set('listeningPrompts', false);
    const id = await startConversationNote(s);
    await settle();
    expect(readPageBlocks(await docs.loadDoc(id))).toEqual([]);
  });
});
