import { describe, expect, it } from 'vitest';
import { createChangeBatcher, type ChangeBatch } from './changeBatcher';

describe('change batcher', () => {
  it('coalesces a burst into one batch with the latest seq per doc, oldest first', async () => {
    const sent: ChangeBatch[] = [];
    const batcher = createChangeBatcher((b) => sent.push(b), 5);
    batcher.add('log1', [{ docId: 'a', seq: 1 }]);
    batcher.add('log1', [{ docId: 'b', seq: 2 }]);
    batcher.add('log1', [{ docId: 'a', seq: 3 }, { docId: 'c', seq: 4 }]);
    expect(sent).toEqual([]);
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]).toEqual({ logId: 'log1', head: 4, changes: [{ docId: 'b', seq: 2 }, { docId: 'a', seq: 3 }, { docId: 'c', seq: 4 }] });
    batcher.add('log1', [{ docId: 'a', seq: 5 }]);
    await expect.poll(() => sent.length).toBe(2);
    expect(sent[1]).toEqual({ logId: 'log1', head: 5, changes: [{ docId: 'a', seq: 5 }] });
    batcher.dispose();
  });

  it('never mixes two logs in one batch', () => {
    const sent: ChangeBatch[] = [];
    const batcher = createChangeBatcher((b) => sent.push(b), 1000);
    batcher.add('old', [{ docId: 'a', seq: 9 }]);
    batcher.add('new', [{ docId: 'a', seq: 1 }]);
    batcher.flush();
    expect(sent).toEqual([
      { logId: 'old', head: 9, changes: [{ docId: 'a', seq: 9 }] },
      { logId: 'new', head: 1, changes: [{ docId: 'a', seq: 1 }] },
    ]);
    batcher.dispose();
  });
});
