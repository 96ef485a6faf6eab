import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { followUpOverrides, moveFollowUpOverride, setFollowUpDue } from '../../shared/care';
import { restoreFollowUpOverrides } from './careActions';

/** Undo of "Snooze 1 week" on a follow-up: the hand-set dates go back to exactly what they were. */
describe('restoreFollowUpOverrides', () => {
  it('puts back a due date moved to the item id, and removes the one the snooze added', () => {
    const ws = new Y.Doc();
    setFollowUpDue(ws, 'note-1:abc', '2026-03-01'); // set before items had ids
    setFollowUpDue(ws, 'note-2:other', '2026-04-01');
    const before = followUpOverrides(ws);
    ws.transact(() => {
      moveFollowUpOverride(ws, 'note-1:abc', 'note-1#id1');
      setFollowUpDue(ws, 'note-1#id1', '2026-03-08');
    });
    const after = followUpOverrides(ws);
    restoreFollowUpOverrides(ws, before, after);
    expect(followUpOverrides(ws)).toEqual(before);
  });

  it('leaves a date changed elsewhere after the snooze alone', () => {
    const ws = new Y.Doc();
    const before = followUpOverrides(ws);
    setFollowUpDue(ws, 'note-1#id1', '2026-03-08');
    const after = followUpOverrides(ws);
    setFollowUpDue(ws, 'note-1#id1', '2026-05-01'); // another window
    restoreFollowUpOverrides(ws, before, after);
    expect(followUpOverrides(ws)).toEqual({ 'note-1#id1': { due: '2026-05-01' } });
  });
});
